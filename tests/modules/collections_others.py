from collections import OrderedDict, defaultdict, deque
od = OrderedDict()
od["b"] = 1
od["a"] = 2
od["c"] = 3
od.move_to_end("b")
print(list(od.keys()), od.popitem(), od.popitem(last=False), list(od.items()))
dd = defaultdict(int)
for ch in "mississippi":
    dd[ch] += 1
print(sorted(dd.items()), dd["z"], "z" in dd)
dl = defaultdict(list)
dl["k"].append(1)
print(dict(dl))
d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(list(d), d.pop(), d.popleft(), len(d), 2 in d, d[0], d[-1])
d2 = deque(maxlen=3)
for i in range(5):
    d2.append(i)
print(list(d2))
d.rotate(1)
print(list(d))
try:
    deque().pop()
except IndexError:
    print("IndexError")
