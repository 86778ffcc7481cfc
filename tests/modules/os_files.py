# pyrite-needs: host-files
import os
# A name of its own: the corpus runs in several modes at once in this directory.
name = "_tmp_os_test_dir_%s" % os.urandom(4).hex()
try:
    os.rmdir(name)
except OSError:
    pass
os.mkdir(name)
print(name in os.listdir("."))
with open(name + "/f.txt", "w") as f:
    f.write("12345")
print(os.listdir(name), os.stat(name + "/f.txt")[6])
os.rename(name + "/f.txt", name + "/g.txt")
print(os.listdir(name))
os.remove(name + "/g.txt")
print(os.listdir(name))
os.rmdir(name)
print(name in os.listdir("."))
try:
    os.remove("_definitely_missing_file")
except OSError as e:
    print("OSError", e.errno)
try:
    os.mkdir(".")
except OSError as e:
    print("OSError", e.errno)
print(os.getenv("PYRITE_UNSET_VAR_X"), os.getenv("PYRITE_UNSET_VAR_X", "dflt"), len(os.urandom(16)), os.sep)
print(os.getcwd() == os.getcwd(), type(os.getcwd()).__name__)
