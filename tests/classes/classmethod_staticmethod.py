class Date:
    def __init__(self, y, m):
        self.y, self.m = y, m
    @classmethod
    def from_str(cls, s):
        y, m = s.split("-")
        return cls(int(y), int(m))
    @staticmethod
    def is_valid(m):
        return 1 <= m <= 12
    def __repr__(self):
        return "Date(%d, %d)" % (self.y, self.m)
class SubDate(Date):
    pass
print(Date.from_str("2024-05"), SubDate.from_str("1999-1").__class__.__name__, Date.is_valid(13), Date(1, 2).is_valid(5))
