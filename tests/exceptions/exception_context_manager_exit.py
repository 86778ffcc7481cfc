class CM:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        raise RuntimeError("from exit")
try:
    with CM():
        raise ValueError("body")
except RuntimeError as e:
    print("RuntimeError", e)
