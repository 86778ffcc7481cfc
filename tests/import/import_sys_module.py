import sys
print(type(sys.argv).__name__, len(sys.argv) >= 1, sys.argv[0].endswith("import_sys_module.py"))
print(type(sys.path).__name__, isinstance(sys.path[0], str))
print(sys.maxsize >= 2**31 - 1, sys.byteorder, type(sys.version).__name__, sys.version_info[0])
# "linux" on Unix (CPython too), "qemu" on the QEMU boards (as MicroPython's port).
print(sys.implementation.name in ("cpython", "micropython"), sys.platform in ("linux", "qemu"))
print(sys.modules["sys"] is sys, "__main__" in sys.modules)
