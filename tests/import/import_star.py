from plain.counter import *
print(public, bump())
try:
    _private
except NameError:
    print("private not imported")
from pkg.helper import *
print(helper_fn())
