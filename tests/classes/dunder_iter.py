class Range3:
    def __iter__(self):
        yield 1
        yield 2
        yield 3
print(list(Range3()), sum(Range3()), [x * 2 for x in Range3()], 2 in Range3())
class GetItemSeq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * i
print(list(GetItemSeq()))
