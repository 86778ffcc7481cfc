import re
p = re.compile(r"(?P<key>\w+)=(?P<value>\w+)")
m = p.search("  name=pyrite ")
print(m.group("key"), m.group("value"), m.groupdict(), m.group(1, 2), p.pattern)
print(p.findall("a=1 b=2"), p.sub(r"\g<value>:\g<key>", "a=1 b=2"), p.split("x a=1 y"))
print(p.match("a=1").span(), p.fullmatch("a=1").group(), p.match(" a=1"))
b = re.compile(b"\\d+")
print(b.findall(b"a12b3"), re.sub(b"a", b"X", b"banana"), re.search(b"n(a)", b"banana").group(1))
for bad in ["(", "[a", "a**", "?"]:
    try:
        re.compile(bad)
        print("compiled", bad)
    except Exception as e:
        print("error", bad)
