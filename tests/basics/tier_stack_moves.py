# Python code run from inside an instruction (a property, a setter, an
# iterator's __next__, __bool__, a builtin's key function, __getattr__)
# recursing deeper than ever before, so the value stack grows and moves
# while the loop around the instruction runs: the compiler tier's native
# code must finish the instruction in the moved stack.  Each case goes
# twice as deep as the one before it.


def deep(n):
    # Sixty locals: each frame takes about as many slots of the value stack,
    # which doubles its room when it grows, so each case below (twice as
    # deep as the one before) makes it grow once more.
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = a10 = a11 = a12 = a13 = a14 = a15 = a16 = a17 = a18 = a19 = a20 = a21 = a22 = a23 = a24 = a25 = a26 = a27 = a28 = a29 = a30 = a31 = a32 = a33 = a34 = a35 = a36 = a37 = a38 = a39 = a40 = a41 = a42 = a43 = a44 = a45 = a46 = a47 = a48 = a49 = a50 = a51 = a52 = a53 = a54 = a55 = a56 = a57 = a58 = a59 = n
    return 0 if n == 0 else deep(n - 1) + 1 + a0 - a59


class Deep:
    def __init__(self, n):
        self.n = n
        self.seen = []

    @property
    def value(self):
        return deep(self.n)

    @value.setter
    def value(self, v):
        self.seen.append(v + deep(self.n))

    def __bool__(self):
        return deep(self.n) % 2 == 0

    def __getattr__(self, name):
        deep(self.n)
        return lambda: name


class DeepIter:
    def __init__(self, n):
        self.n = n
        self.left = 2

    def __iter__(self):
        return self

    def __next__(self):
        if self.left == 0:
            raise StopIteration
        self.left -= 1
        return deep(self.n) + self.left


def load(o):
    total = 0
    for i in range(2):
        total += o.value + i
    return total


def store(o):
    for i in range(2):
        o.value = i
    return o.seen


def iterate(n):
    out = []
    for v in DeepIter(n):
        out.append(v * 2)
    return out


def truth(o):
    hits = 0
    for i in range(2):
        if o:
            hits += 1
        hits = (o or 5) is o and hits
    return hits


def builtin_calling_back(n):
    out = []
    for i in range(2):
        out.append(sorted([3, 1, 2], key=lambda x: deep(n) - x))
    return out


def method(o):
    out = []
    for i in range(2):
        out.append(o.anything())
    return out


print(load(Deep(20)))
print(store(Deep(40)))
print(iterate(80))
print(truth(Deep(160)))
print(builtin_calling_back(320))
print(method(Deep(640)))
