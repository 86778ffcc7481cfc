print(str(123), str(1.5), str([1, "a"]), str(None), str(b"x"), str((1,)))
print("abc" * 0, "abc" * -1, "ab" in "xaby", "ab".count(""), "x".join("abc"))
print(min("hello"), max("hello"), sorted("hello"), "hello".find("l", 3), "hello".rfind("l", 0, 3))
s = ""
for i in range(5):
    s += str(i)
print(s, s.isdigit())
