scores = {"math": [90, 70, 85], "art": [60, 95], "cs": [100, 100, 90, 80]}
avg = {k: sum(v) / len(v) for k, v in scores.items()}
for subject in sorted(avg, key=avg.get, reverse=True):
    print(subject, "%.2f" % avg[subject], max(scores[subject]))
flat = sorted(x for v in scores.values() for x in v)
print(flat, len(flat))
