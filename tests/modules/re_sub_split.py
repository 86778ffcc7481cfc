import re
print(re.sub(r"\d+", "#", "a1b22c333"), re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world"), re.sub("a", "b", "aaa", count=2))
print(re.sub(r"\d", lambda m: str(int(m.group()) * 2), "1 2 3"), re.subn("o", "0", "foo boo"), re.sub("x*", "-", "abc"))
print(re.sub(r"(?P<first>\w)(\w*)", r"\g<2>\g<first>", "hello"), re.sub("\\s+", " ", "a   b \t\n c"))
print(re.split(",", "a,b,,c"), re.split(r"\s+", "a b   c"), re.split("(,)", "a,b"), re.split(",", "a,b,c", 1), re.split("x", "abc"))
print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(\w)(\d)", "a1 b2 c"), re.findall("z", "abc"), re.findall(r"(\w+)@", "x@ y@"))
print([m.group() for m in re.finditer(r"[aeiou]", "education")], re.escape("a.b*c"))
