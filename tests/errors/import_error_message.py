try:
    import definitely_missing_module_xyz
except ImportError as e:
    print(type(e).__name__, e.name if hasattr(e, "name") else None)
try:
    from sys import not_there
except ImportError as e:
    print("ImportError", "not_there" in str(e))
