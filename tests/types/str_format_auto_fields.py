# str.format's {} fields of strs and small ints written directly, and every
# other kind (subclass __format__, big ints, None, mixed numbering errors).
print("{}-{}-{}".format("a", 5, -12), "{} {}".format(2**70, 1.5), "{}".format(None), "{0}{}".format if False else "")
try: "{0}{}".format(1, 2)
except ValueError as e: print("ValueError")
try: "{}{}".format(1)
except IndexError as e: print("IndexError")
class S(str):
    def __format__(self, spec): return "fmt!"
print("{}".format(S("x")), "{}|{:>4}|{!r}".format("h\u00e9", 7, "q"), "{{}}{}".format(3), f"{5}{'s'}")
