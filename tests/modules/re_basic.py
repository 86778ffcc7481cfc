import re
m = re.match(r"(\d+)-(\d+)", "123-456 rest")
print(m.group(0), m.group(1), m.group(2), m.groups(), m.span(), m.start(2), m.end(2), m[1])
print(re.match("abc", "xabc"), re.search("abc", "xabc").span(), re.fullmatch("a+", "aaa").group(), re.fullmatch("a+", "aab"))
print(re.search(r"\bcat\b", "concat cat dog").start(), re.search(r"^b", "a\nb"), re.search(r"^b", "a\nb", re.M).span())
print(re.search("a.c", "a\nc"), re.search("a.c", "a\nc", re.S).group(), re.search("ABC", "xabcx", re.I).group())
print(re.search(r"[^a-z\s]+", "abc DEF ghi").group(), re.search(r"\w+@\w+\.com", "mail me: joe@example.com!").group())
print(re.search("(a|ab)(c|bcd)(d*)", "abcd").groups(), re.search("a{2,3}", "aaaa").group(), re.search("a{2,3}?", "aaaa").group())
print(re.search("(x)?y", "y").groups(), re.search("(x)?y", "y").group(1), re.match(".*?(\\d)", "ab1c2").group(1))
