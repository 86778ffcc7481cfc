import random
random.seed(42)
a = [random.random() for _ in range(5)]
random.seed(42)
b = [random.random() for _ in range(5)]
print(a == b, all(0 <= x < 1 for x in a))
print(all(1 <= random.randint(1, 6) <= 6 for _ in range(200)), all(random.randrange(10) < 10 for _ in range(100)))
print(all(random.randrange(5, 50, 5) % 5 == 0 for _ in range(100)), all(2.0 <= random.uniform(2, 3) <= 3.0 for _ in range(50)))
print(all(random.choice("abc") in "abc" for _ in range(30)), 0 <= random.getrandbits(8) < 256, random.getrandbits(0))
seen = set(random.randint(0, 3) for _ in range(400))
print(sorted(seen))
l = list(range(10))
random.shuffle(l)
print(sorted(l) == list(range(10)))
try:
    random.choice([])
except IndexError:
    print("IndexError")
try:
    random.randrange(0)
except ValueError:
    print("ValueError")
