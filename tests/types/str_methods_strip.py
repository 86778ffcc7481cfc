print("  x  ".strip() + "|", "  x  ".lstrip() + "|", "  x  ".rstrip() + "|")
print("xxhixx".strip("x"), "abcba".strip("ab"), "\t\n x \r".strip())
print("hello".startswith("he"), "hello".endswith("lo"), "hello".startswith(("x", "h")), "hello".startswith("l", 2))
print("hello".endswith("ell", 0, 4), "".startswith(""))
