# pyrite-needs: host-files
# os.ilistdir gives MicroPython's 4-tuples: (name, type, inode, size), the
# size of files (mpremote's `fs ls` shows it), 0 for directories.
import os
name = "_tmp_ilistdir_%s" % os.urandom(4).hex()
os.mkdir(name)
os.mkdir(name + "/sub")
with open(name + "/data.bin", "wb") as f:
    f.write(b"x" * 300)
for entry in sorted(os.ilistdir(name)):
    print(entry[0], entry[1] == 0x4000, entry[2], entry[3])
os.chdir(name)
print(sorted(e[3] for e in os.ilistdir()))
os.chdir("..")
os.remove(name + "/data.bin")
os.rmdir(name + "/sub")
os.rmdir(name)
