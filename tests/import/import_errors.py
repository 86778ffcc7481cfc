try:
    import does_not_exist
except ImportError as e:
    print(type(e).__name__, e)
try:
    from pkg import not_a_name
except ImportError as e:
    print("ImportError", str(e).startswith("cannot import name 'not_a_name'"))
try:
    import plain.broken
except ValueError as e:
    print("ValueError", e)
import sys
print("plain.broken" in sys.modules)
try:
    import plain.bad_syntax
except SyntaxError as e:
    print("SyntaxError")
try:
    from . import nothing
except ImportError as e:
    print("relative import error")
