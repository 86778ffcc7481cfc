import pkg
print(pkg.VALUE, pkg.helper.helper_fn(), pkg.re_exported())
import pkg.sub
print(pkg.sub.PARENT_VALUE, pkg.sub.helper_fn())
import pkg.sub.leaf as leaf
print(leaf.LEAF, leaf.call())
