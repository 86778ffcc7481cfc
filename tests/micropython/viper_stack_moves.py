# pyrite-needs: native-emitter
# Viper code's lookups (the runtime calls it shares with the compiler
# tier) running Python code that recurses deeper than ever before, so the
# value stack grows and moves during the call: viper code reloads the
# stack's address after every call, and must not take the tier's note of
# the move (`MOVED`) for an exception.  Each case goes twice as deep.
import micropython


def deep(n):
    # Sixty locals, so each level takes about as many slots and each case
    # makes the value stack grow (and move) once more.
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = a10 = a11 = a12 = a13 = a14 = a15 = a16 = a17 = a18 = a19 = a20 = a21 = a22 = a23 = a24 = a25 = a26 = a27 = a28 = a29 = a30 = a31 = a32 = a33 = a34 = a35 = a36 = a37 = a38 = a39 = a40 = a41 = a42 = a43 = a44 = a45 = a46 = a47 = a48 = a49 = a50 = a51 = a52 = a53 = a54 = a55 = a56 = a57 = a58 = a59 = n
    return 0 if n == 0 else deep(n - 1) + 1 + a0 - a59


class Deep:
    def __init__(self, n):
        self.n = n

    @property
    def value(self):
        return deep(self.n)

    def __getitem__(self, k):
        return deep(self.n) + k


@micropython.viper
def attr(o) -> object:
    x = o.value
    return x


@micropython.viper
def item(o) -> object:
    return o[3]


print(attr(Deep(20)))
print(item(Deep(40)))
print(attr(Deep(80)))
print(item(Deep(160)))
print(attr(Deep(320)))
