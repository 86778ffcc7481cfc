from . import circular_a
B = "b"
