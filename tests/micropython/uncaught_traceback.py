# An uncaught exception: traceback on stderr, exit status 1, stdout kept.
def inner():
    raise ValueError("boom")
def outer():
    inner()
print("before")
outer()
