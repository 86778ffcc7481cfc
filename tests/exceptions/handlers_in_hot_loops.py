# Handlers set up and ended in hot loops of compiled code: try/except/finally
# bodies that end plainly, finally blocks left by break, continue and
# return, nested handlers, `except ... as e` (whose name is deleted after),
# and `del` of a local, bound and unbound.


def plain(n):
    t = 0
    for i in range(n):
        try:
            try:
                if i % 3 == 0:
                    raise ValueError(i)
                t += i
            except ValueError as e:
                t -= e.args[0]
            finally:
                t += 1
        finally:
            t *= 1
    return t


def leaves(n):
    out = []
    for i in range(n):
        try:
            if i % 4 == 0:
                continue
            if i == n - 2:
                break
            out.append(i)
        finally:
            out.append(-1)
    return out


def returns_from_finally_body(k):
    for i in range(10):
        try:
            if i == k:
                return i * 10
        finally:
            if i == k:
                pass
    return -1


def returns_none(k, log):
    for i in range(10):
        try:
            if i == k:
                return None
            log.append(i)
        finally:
            log.append(-i)
    return "end"


def breaks_none(log):
    for i in range(5):
        try:
            if i == 2:
                break
        finally:
            log.append(None)
    return len(log)


def deletes(n):
    t = 0
    for i in range(n):
        x = i
        t += x
        del x
        try:
            del x
        except NameError as e:
            t += 1000
        try:
            t += x
        except NameError:
            t += 1
    return t


def name_gone_after_except():
    try:
        raise KeyError(1)
    except KeyError as e:
        pass
    try:
        return e
    except NameError:
        return "gone"


for _ in range(3):
    print(plain(60), leaves(12), [returns_from_finally_body(k) for k in (0, 3, 11)])
    print(deletes(20), name_gone_after_except())
    log = []
    print(returns_none(3, log), log, returns_none(20, []), breaks_none([]))
