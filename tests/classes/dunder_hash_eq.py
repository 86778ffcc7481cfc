class Key:
    def __init__(self, k):
        self.k = k
    def __eq__(self, o):
        return self.k == o.k
    def __hash__(self):
        return hash(self.k)
d = {Key("a"): 1, Key("b"): 2}
print(d[Key("a")], Key("b") in d, len({Key(1), Key(1), Key(2)}))
