from pkg import VALUE, helper
from pkg.helper import helper_fn as hf
from pkg.sub import leaf
print(VALUE, helper.__name__, hf(), leaf.__name__)
from pkg.sub.leaf import LEAF, call
print(LEAF, call())
