def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
f = fact(50)
print(f, len(str(f)), f % 1000003, f // fact(48))
print(2**256 - 1, (2**256 - 1).bit_length(), hex(2**128), int(str(f)) == f)
print(-(2**100) // 3, -(2**100) % 3, (2**100) >> 95, ~(2**70), -(2**70) & 0xffff)
