from . import circular_b
A = "a"
def get_b():
    return circular_b.B
