# A module whose functions read and write its own globals, called from
# import/calls_inline_native.py's native code.
factor = 7
counter = 0


def scaled(k):
    return k * factor


def bump():
    global counter
    counter += 1
    return counter
