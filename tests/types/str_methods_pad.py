print("ab".center(6, "*"), "ab".ljust(5, "-"), "ab".rjust(5), "42".zfill(5), "-42".zfill(5), "abc".center(2))
print("x".center(4), "x".center(5, "."), "ab".center(7))
print("a\tb\tc".expandtabs(4), "1234\t5".expandtabs())
