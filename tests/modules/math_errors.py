import math
for f, args in [(math.sqrt, (-1,)), (math.log, (0,)), (math.log, (-1,)), (math.acos, (2,)), (math.asin, (-2,)), (math.gamma, (0,)), (math.fmod, (1, 0)), (math.factorial, (-1,))]:
    try:
        f(*args)
        print("no error")
    except ValueError as e:
        print("ValueError", e)
for f, args in [(math.exp, (1000,)), (math.pow, (10, 400)), (math.ldexp, (1.0, 5000))]:
    try:
        f(*args)
    except OverflowError as e:
        print("OverflowError", e)
try:
    math.floor(float("nan"))
except ValueError:
    print("ValueError floor nan")
try:
    math.sqrt("x")
except TypeError:
    print("TypeError")
