# Indexing and len() of str literals and of strs made at run time, ASCII or
# not: the interpreter knows an ASCII text's characters are its bytes
# without looking, and must still count the others.
def probe(s):
    out = [len(s)]
    for k in (0, 2, -1, -len(s)):
        out.append(s[k])
    for k in (len(s), -len(s) - 1):
        try:
            s[k]
        except IndexError as e:
            out.append("IndexError")
    return out


def literals():
    return ["DHRYSTONE PROGRAM, 1'ST STRING", "héllo wörld", "日本語のテキスト", "abc€"]


def made(n):
    return ["x" * n + "yz", "é" * n + "ab", "ab" + "ü" * n, str(n) * 3]


for r in range(3):
    for s in literals():
        print(probe(s))
    for s in made(r + 3):
        print(probe(s))

# Attribute and dict-key names made at run time become interned text too.
class A:
    pass


a = A()
for name in ("plain", "naïve", "ünïcode"):
    setattr(a, name, name)
    v = getattr(a, name)
    print(len(v), v[1], v[-1], [v[k] for k in range(len(v))])
