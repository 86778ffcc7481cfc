import plain.circular_a as a
print(a.A, a.get_b())
