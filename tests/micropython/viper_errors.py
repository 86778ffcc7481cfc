# pyrite-needs: native-emitter
# The errors MicroPython's viper emitter gives for code it cannot type or
# compile (Pyrite raises them when the function is defined).
def test(code):
    try:
        exec("import micropython\n@micropython.viper\n" + code)
        print("ok")
    except (SyntaxError, ViperTypeError, NotImplementedError) as e:
        print(type(e).__name__, e)

test("def f(x: int):\n    return x")
test("def f(x: int) -> int:\n    return x / 2")
test("def f(x: int) -> int:\n    return x ** 2")
test("def f(x: int) -> int:\n    return not x")
test("def f(x: int, o) -> int:\n    return x + o")
test("def f(x: int, b: bool) -> int:\n    return x + True")
test("def f(p: ptr) -> int:\n    return p[0]")
test("def f(p: ptr8, o) -> int:\n    p[0] = o\n    return 0")
test("def f(x: int) -> int:\n    x[0] = 1\n    return 0")
test("def f(o) -> int:\n    z = 1\n    z = o\n    return 0")
test("def f():\n    print(y)\n    y = 1")
test("def f(x: foo):\n    pass")
test("def f(x) -> foo:\n    pass")
test("def f(x):\n    yield x")
test("def f(x: int) -> uint:\n    return x")
test("def f(x: int) -> int:\n    return x < 0")
test("def f(x: int) -> bool:\n    return x < 0")
test("def f(x: int):\n    x = None")
test("def f(x: int, o) -> int:\n    return x == None")
test("def f(o) -> int:\n    try:\n        pass\n    except:\n        pass\n    return 0")
test("def f(o) -> int:\n    for x in o:\n        pass\n    return 0")
test("def f(o, x: int) -> int:\n    return int(o[x])")


# Not an identifier as an annotation.
try:
    exec("import micropython\n@micropython.viper\ndef f(x: 1):\n    pass")
except SyntaxError as e:
    print("SyntaxError", e)

# Only bytecode, native and viper are MicroPython's decorators here.
try:
    exec("import micropython\n@micropython.foo\ndef f():\n    pass")
except SyntaxError as e:
    print("SyntaxError", e)

# micropython.bytecode is accepted: a plain function.
exec("import micropython\n@micropython.bytecode\ndef f():\n    return 42\nprint(f())")

# ViperTypeError is a TypeError.
print(issubclass(ViperTypeError, TypeError))
