data = {"users": [{"name": "a", "tags": ["x", "y"]}, {"name": "b", "tags": []}], "count": 2}
print(data["users"][0]["tags"][1], len(data["users"][1]["tags"]), data.get("missing", {}).get("x"))
data["users"].append({"name": "c", "tags": ["z"]})
print([u["name"] for u in data["users"] if u["tags"]])
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(r) for r in zip(*matrix)], sum(map(sum, matrix)), [x for row in matrix for x in row if x % 2])
copy = [row[:] for row in matrix]
copy[0][0] = 99
print(matrix[0][0], copy[0][0])
