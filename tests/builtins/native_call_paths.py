# Builtin functions and methods called directly from the dispatch loop: owner
# checks by exact type, subclasses and mismatched selves through the rule.
class L(list): pass
l = L([1]); list.append(l, 2); l.append(3); print(l, len(l), dict.get({1: 2}, 1))
try: dict.get([], 1)
except TypeError as e: print("TypeError")
try: list.append()
except TypeError as e: print("TypeError")
f = str.upper; print(f("abc"), "x".join(["a", "b"]), len("héllo"), max(3, 9, 2), isinstance(l, list))
class A:
    g = dict.get
try: A().g(1)
except TypeError: print("TypeError")
print(sorted([3, 1, 2], reverse=True), divmod(7, 2), abs(-3))
