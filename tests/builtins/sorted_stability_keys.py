recs = [("b", 2), ("a", 2), ("c", 1), ("d", 1), ("e", 3)]
print(sorted(recs, key=lambda r: r[1]))
print(sorted(recs, key=lambda r: r[1], reverse=True))
print(sorted(sorted(recs), key=lambda r: -r[1]))
print(sorted([True, False, 0, 1, -1]), sorted([2.5, 2, 1.5, True]))
