s = "Hello, World"
print(len(s), s[0], s[-1], s[7:], s.lower(), s.upper(), s.swapcase())
print(s + "!", s * 2, "-" * 10, 3 * "ab")
print(s.find("o"), s.rfind("o"), s.find("xyz"), s.index("W"), s.count("l"))
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "abc" == "abc")
