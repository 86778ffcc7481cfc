# Decimal text read as ints by json.loads and int(): signs, spaces around
# (int only), underscores, leading zeros, the 18-digit edge either side,
# and malformed text.
import json

print(int("42"), int(" -7 "), int("+3"), int("1_000"), int("0012"), int("-0"))
print(int("9" * 18), int("-" + "9" * 18), int("9" * 19), int("1" + "0" * 18))
print(int("99999999999999999999"), int("42", 10), int("z", 36))
for bad in ["", "-", "+", "1 2", "_1", "1_", "1__0", "0x10", "4.5"]:
    try:
        int(bad)
    except ValueError:
        print("ValueError", repr(bad))
print(json.loads("[1, -2, 30, -0, 123456789012345678901, 999999999999999999]"))
print(json.loads('{"a": [0, 7, -8], "b": 1000000000000000000}'))
for bad in ["1 2", "-", "+1", "--1", "[1,]"]:
    try:
        json.loads(bad)
    except ValueError:
        print("ValueError", repr(bad))
