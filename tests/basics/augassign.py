x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x **= 3; print(x)
x %= 7; print(x)
x /= 2; print(x)
l = [1]
l += [2, 3]
l *= 2
print(l)
s = "ab"
s += "cd"
s *= 2
print(s)
d = {"k": 1}
d["k"] += 10
print(d)
class O: pass
o = O()
o.v = 1
o.v += 41
print(o.v)
