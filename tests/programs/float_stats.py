data = [2.5, 3.7, 1.2, 9.8, 4.4, 6.1, 3.3]
n = len(data)
mean = sum(data) / n
var = sum((x - mean) ** 2 for x in data) / (n - 1)
std = var ** 0.5
s = sorted(data)
median = s[n // 2]
print("%.4f %.4f %.4f %.1f" % (mean, var, std, median))
print(round(mean, 3), min(data), max(data), [round(x * 1.1, 2) for x in data[:3]])
