class Proxy:
    def __init__(self, target):
        self._t = target
    def __getattr__(self, name):
        return "proxied:" + name
    def __call__(self, *args, **kw):
        return (args, sorted(kw))
p = Proxy(1)
print(p.anything, p._t, p(1, 2, k=3))
class Dyn:
    def __getattr__(self, name):
        if name == "magic":
            return 42
        raise AttributeError(name)
d = Dyn()
print(d.magic, getattr(d, "other", "fallback"), hasattr(d, "other"))
