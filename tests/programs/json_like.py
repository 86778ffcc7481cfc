def dump(v, indent=0):
    pad = "  " * indent
    if isinstance(v, dict):
        out = "{\n"
        for i, (k, x) in enumerate(v.items()):
            out += pad + "  " + repr(k) + ": " + dump(x, indent + 1)
            out += ",\n" if i < len(v) - 1 else "\n"
        return out + pad + "}"
    if isinstance(v, list):
        return "[" + ", ".join(dump(x, indent) for x in v) + "]"
    return repr(v)
print(dump({"a": 1, "b": [1, 2, {"c": None}], "d": {"e": "f"}}))
