grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
print(grid)
alias = [[0] * 2] * 2
alias[0][0] = 1
print(alias)
l = [1]
l.append(l)
print(l, len(l))
