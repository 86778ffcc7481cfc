# Locals that some path leaves unbound: native code may skip the check only
# where every path binds the local (parameters, stores on all paths), and
# must raise UnboundLocalError everywhere else, in every tier.


def maybe(c):
    if c:
        x = 1
    return x


def deleted(n):
    x = n
    if n > 5:
        del x
    return x


def in_handler(s):
    try:
        y = int(s)
    except ValueError:
        return y
    return y


def loop_bound(n):
    t = 0
    for i in range(n):
        t += i
    return i + t


def loop_maybe(n):
    for i in range(n):
        pass
    return i


def while_bound(n):
    k = 0
    while k < n:
        last = k
        k += 1
    return last


def after_finally(n):
    try:
        if n:
            z = n
    finally:
        w = 2
    return z + w


def both_arms(c):
    if c:
        v = 1
    else:
        v = 2
    return v * 10


def del_then_store(n):
    a = n
    del a
    a = n + 1
    return a


def run(f, *args):
    try:
        return f(*args)
    except NameError as e:
        return type(e).__name__


for k in range(40):
    r = (
        run(maybe, k % 2),
        run(deleted, k % 10),
        run(in_handler, "12" if k % 3 else "x"),
        run(loop_bound, k % 4),
        run(loop_maybe, k % 3),
        run(while_bound, k % 3),
        run(after_finally, k % 2),
        run(both_arms, k % 2),
        run(del_then_store, k),
    )
    if k % 7 == 0 or k > 36:
        print(k, r)
