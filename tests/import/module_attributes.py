import pkg.helper as h
print(h.__name__, h.__file__.replace("\\", "/").endswith("pkg/helper.py"))
print(__name__)
import plain.counter
plain.counter.newattr = 5
print(plain.counter.newattr)
try:
    plain.counter.missing
except AttributeError as e:
    print("AttributeError")
