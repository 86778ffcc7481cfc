class MyInt(int):
    def double(self):
        return self * 2
i = MyInt(21)
print(i.double(), i + 1, isinstance(i, int), int(i))
class MyStr(str):
    def shout(self):
        return self.upper() + "!"
s = MyStr("hey")
print(s.shout(), len(s), s + "x")
