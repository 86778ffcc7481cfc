import sys
print(type(sys.argv).__name__, len(sys.argv) >= 1, sys.argv[0].endswith("import_sys_module.py"))
print(type(sys.path).__name__, isinstance(sys.path[0], str))
print(sys.maxsize >= 2**31 - 1, sys.byteorder, type(sys.version).__name__, sys.version_info[0])
print(sys.implementation.name in ("cpython", "micropython"), sys.platform)
print(sys.modules["sys"] is sys, "__main__" in sys.modules)
