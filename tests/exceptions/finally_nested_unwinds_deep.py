# Finally blocks entered by `return` or `break` keep the return value or the
# jump destination under their marker, one stack slot beyond the compiler's
# model; nested ones add up.  Work done inside the innermost block (calls with
# many arguments, big literals) must still find room on the value stack.


def wide(*args):
    return sum(args)


def returns_nested():
    try:
        return 1
    finally:
        try:
            return 2
        finally:
            try:
                return 3
            finally:
                try:
                    return 4
                finally:
                    try:
                        return 5
                    finally:
                        print("innermost", wide(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
                              [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])


print(returns_nested())


def breaks_nested(n):
    log = []
    for i in range(n):
        for j in range(n):
            try:
                try:
                    try:
                        if j == 1:
                            break
                        if i == 2:
                            return log
                    finally:
                        log.append(("a", i, j, wide(i, j, 1, 2, 3, 4, 5, 6, 7, 8)))
                finally:
                    log.append(("b", [i, j, i + j, i * j, i - j, 1, 2, 3, 4, 5, 6, 7]))
            finally:
                log.append("c")
    return log


for entry in breaks_nested(4):
    print(entry)


def continue_in_finally(n):
    out = []
    for i in range(n):
        try:
            try:
                continue
            finally:
                out.append(wide(i, i, i, i, i, i, i, i, i, i))
        finally:
            out.append([i] * 3)
    return out


print(continue_in_finally(3))


def deep(k):
    # Recursion from inside finally blocks entered by return.
    try:
        return k
    finally:
        if k > 0:
            try:
                return deep(k - 1) + 1
            finally:
                wide(k, k, k, k, k, k, k, k)


print(deep(60))
