print(pow(2, 10), pow(2, -1), pow(2.0, 3), pow(10, 3, 7), round(3.14159, 2), round(7), round(7.5), round(8.5))
print(round(-1.5), round(1234.5678, -2), round(0.5), round(1.5), round(2.5, 0))
