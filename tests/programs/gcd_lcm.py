def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
def lcm(a, b):
    return a * b // gcd(a, b)
print(gcd(48, 18), gcd(17, 5), lcm(4, 6), lcm(21, 6))
r = 1
for i in range(1, 21):
    r = lcm(r, i)
print(r)
print(gcd(2**100, 6**50))
