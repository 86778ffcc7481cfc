def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(500))
def runaway(n):
    return runaway(n + 1)
try:
    runaway(0)
except RecursionError as e:
    print("RecursionError caught")
print(depth(100))
