# Counted for loops over range(): big ints, negative steps, break/continue/else,
# return through finally (pyrite-cross compiles these as counter loops).
for i in range(2**40, 2**40 + 2):
    print(i)
total = 0
for i in range(100, 0, -7):
    total += i
    if i < 20: break
else:
    print("no")
print(total, i)
for j in range(3):
    if j == 1: continue
    print("j", j)
else:
    print("else", j)
def f(n):
    for k in range(n):
        try:
            if k == 2: return k
        finally:
            print("fin", k)
print(f(5))
for q in range(0): pass
else: print("empty else")
