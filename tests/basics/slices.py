s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[::3], s[::-1], s[8:2:-2])
print(s[100:], s[-100:2], s[5:1])
t = tuple(s)
print(t[1:4], "hello"[1:4], "hello"[::-1], b"bytes"[1:3])
s[2:4] = ["a", "b", "c"]
print(s)
s[::2] = [0] * 6
print(s)
