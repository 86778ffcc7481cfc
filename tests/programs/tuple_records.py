people = [("alice", 30, "nyc"), ("bob", 25, "sf"), ("carol", 35, "nyc"), ("dave", 25, "la")]
by_city = {}
for name, age, city in people:
    by_city.setdefault(city, []).append(name)
print(by_city)
print(sorted(people, key=lambda p: (p[1], p[0])))
oldest = max(people, key=lambda p: p[1])
print(oldest[0], sum(p[1] for p in people) / len(people))
ages = {p[1] for p in people}
print(sorted(ages))
