# collections: namedtuple, OrderedDict, defaultdict and deque.


def namedtuple(typename, field_names, rename=False, defaults=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(field_names)
    n = len(fields)
    defaults = tuple(defaults) if defaults else ()

    def __new__(cls, *args, **kwargs):
        if len(args) > n:
            raise TypeError("%s() takes %d positional arguments but %d were given" % (typename, n, len(args)))
        values = list(args)
        for name in fields[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            else:
                d = len(fields) - fields.index(name)
                if d <= len(defaults):
                    values.append(defaults[len(defaults) - d])
                else:
                    raise TypeError("%s() missing required argument: '%s'" % (typename, name))
        if kwargs:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (typename, list(kwargs)[0]))
        return tuple.__new__(cls, values)

    def __repr__(self):
        return typename + "(" + ", ".join("%s=%r" % (f, v) for f, v in zip(fields, self)) + ")"

    def _asdict(self):
        return dict(zip(fields, self))

    def _replace(self, **kwargs):
        return self.__class__(*[kwargs.pop(f, v) for f, v in zip(fields, self)])

    def _make(cls, iterable):
        return cls(*iterable)

    ns = {
        "__new__": __new__,
        "__repr__": __repr__,
        "_asdict": _asdict,
        "_replace": _replace,
        "_make": classmethod(_make),
        "_fields": fields,
        "_field_defaults": dict(zip(fields[n - len(defaults):], defaults)),
    }
    for i, f in enumerate(fields):
        ns[f] = property(lambda self, i=i: self[i])
    return type(typename, (tuple,), ns)


class OrderedDict(dict):
    def move_to_end(self, key, last=True):
        value = self.pop(key)
        if last:
            self[key] = value
        else:
            items = list(self.items())
            self.clear()
            self[key] = value
            for k, v in items:
                self[k] = v

    def popitem(self, last=True):
        if not self:
            raise KeyError("dictionary is empty")
        key = next(reversed(list(self.keys()))) if last else next(iter(self))
        return key, self.pop(key)

    def __repr__(self):
        return "OrderedDict(%r)" % list(self.items())


class defaultdict(dict):
    def __init__(self, default_factory=None, *args, **kwargs):
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def __repr__(self):
        return "defaultdict(%r, %s)" % (self.default_factory, dict.__repr__(self))


class deque:
    def __init__(self, iterable=(), maxlen=None):
        self._items = []
        self.maxlen = maxlen
        for x in iterable:
            self.append(x)

    def append(self, x):
        self._items.append(x)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop(0)

    def appendleft(self, x):
        self._items.insert(0, x)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop(0)

    def extend(self, iterable):
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._items.clear()

    def rotate(self, n=1):
        if self._items:
            n %= len(self._items)
            self._items[:] = self._items[-n:] + self._items[:-n]

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return bool(self._items)

    def __iter__(self):
        return iter(self._items)

    def __getitem__(self, i):
        return self._items[i]

    def __setitem__(self, i, v):
        self._items[i] = v

    def __contains__(self, x):
        return x in self._items

    def __eq__(self, other):
        return isinstance(other, deque) and self._items == other._items

    def __repr__(self):
        if self.maxlen is None:
            return "deque(%r)" % self._items
        return "deque(%r, maxlen=%d)" % (self._items, self.maxlen)
