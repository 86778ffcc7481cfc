from . import PARENT_VALUE
from ...pkg import helper
LEAF = "leaf:" + PARENT_VALUE
def call():
    return helper.helper_fn()
