# pyrite-needs: host-files
import os
# A name of its own: the corpus runs in several modes at once in this directory.
name = "_tmp_test_file_%s.txt" % os.urandom(4).hex()
with open(name, "w") as f:
    print(f.write("line1\n"), f.write("line2\nline3"))
with open(name) as f:
    print(repr(f.read()))
with open(name) as f:
    print(f.readline(), end="")
    print(f.readlines())
with open(name) as f:
    for line in f:
        print(line.strip())
with open(name, "rb") as f:
    print(f.read(5))
with open(name, "a") as f:
    f.write("\nappended")
print(open(name).read().split("\n")[-1])
try:
    open("_no_such_file_here.txt")
except OSError as e:
    print("OSError", e.errno)
os.remove(name)
