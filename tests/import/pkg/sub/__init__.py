from ..helper import helper_fn
from .. import VALUE
PARENT_VALUE = VALUE
