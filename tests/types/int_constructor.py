print(int(), int(5), int(-5.9), int(5.9), int("42"), int(" -17 "), int("0x1f", 16), int("ff", 16))
print(int("0b101", 0), int("0o17", 0), int("z", 36), int("1_000"), int(True), int(2.5e20))
for bad in ["", "abc", "1.5", "0x", "1__0"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)
try:
    int([1])
except TypeError:
    print("TypeError")
print(int("123456789012345678901234567890"))
