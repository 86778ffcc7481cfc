def g():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
it = g()
next(it)
it.close()
print("closed")
def h():
    try:
        yield 1
    finally:
        print("h cleanup")
print(list(h()))
