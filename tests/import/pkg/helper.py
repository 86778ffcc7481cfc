print("pkg.helper init")
def helper_fn():
    return "helper_fn result"
__all__ = ["helper_fn"]
