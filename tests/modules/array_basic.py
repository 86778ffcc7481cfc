import array
a = array.array("i", [1, 2, 3])
a.append(4)
a.extend([5, 6])
a[0] = 100
print(a, len(a), a[1], a[-1], list(a[1:4]), a.tolist(), sum(a), 3 in a)
print(array.array("B", b"\x01\x02\xff"), bytes(array.array("h", [1, -1])), array.array("d", [0.5, 1.5]).tolist())
b = array.array("f", [1.0])
b += array.array("f", [2.5])
print(b, b.typecode, b.itemsize, array.array("b").tolist())
print(array.array("i", [1, 2]) == array.array("i", [1, 2]), array.array("i", [1]) + array.array("i", [2]))
for code in "bBhHiIqQ":
    x = array.array(code, [0, 1, 100])
    print(code, x.itemsize, list(x))
try:
    array.array("B", [256])
except OverflowError:
    print("OverflowError")
try:
    array.array("z")
except ValueError:
    print("ValueError")
try:
    array.array("i", [1])[5]
except IndexError:
    print("IndexError")
