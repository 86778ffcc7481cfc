class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
        self.id = Counter.count
a, b, c = Counter(), Counter(), Counter()
print(Counter.count, a.id, c.id, a.count)
a.count = 100
print(a.count, Counter.count, b.count)
class K:
    items = []
K().items.append(1)
print(K.items)
