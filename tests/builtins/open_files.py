with open("_tmp_test_file.txt", "w") as f:
    print(f.write("line1\n"), f.write("line2\nline3"))
with open("_tmp_test_file.txt") as f:
    print(repr(f.read()))
with open("_tmp_test_file.txt") as f:
    print(f.readline(), end="")
    print(f.readlines())
with open("_tmp_test_file.txt") as f:
    for line in f:
        print(line.strip())
with open("_tmp_test_file.txt", "rb") as f:
    print(f.read(5))
with open("_tmp_test_file.txt", "a") as f:
    f.write("\nappended")
print(open("_tmp_test_file.txt").read().split("\n")[-1])
try:
    open("_no_such_file_here.txt")
except OSError as e:
    print("OSError", e.errno)
