class MyList(list):
    def sum(self):
        return sum(self)
m = MyList([1, 2, 3])
m.append(4)
print(m.sum(), len(m), m[0], isinstance(m, list), type(m).__name__)
class Stack(list):
    def push(self, x):
        self.append(x)
s = Stack()
s.push(1)
s.push(2)
print(s.pop(), len(s))
