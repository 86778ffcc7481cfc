# A package used by the import tests.
print("pkg init")
VALUE = "pkg-value"
from . import helper
from .helper import helper_fn as re_exported
