print(eval("1 + 2"), eval("[x * 2 for x in range(3)]"), eval("a + 1", {"a": 41}))
ns = {}
exec("def f(x):\n    return x * 3\ny = f(5)", ns)
print(ns["y"], ns["f"](2))
exec("z = 7")
print(z)
code = compile("3 * 4", "<s>", "eval")
print(eval(code))
code2 = compile("q = 99", "<s>", "exec")
exec(code2)
print(q)
g = {"v": 1}
l = {"v": 2}
print(eval("v", g, l))
