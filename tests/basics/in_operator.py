print(1 in [1, 2], 3 in [1, 2], 3 not in [1, 2])
print("ell" in "hello", "x" in "hello", "" in "abc")
print(2 in (1, 2), "k" in {"k": 1}, 1 in {1, 2}, 5 in range(10), 5 in range(0, 10, 2))
print(b"y" in b"xyz", 120 in b"xyz")
