import hashlib
print(hashlib.sha256(b"").hexdigest())
print(hashlib.sha256(b"abc").hexdigest())
h = hashlib.sha256()
for chunk in [b"The quick brown fox ", b"jumps over ", b"the lazy dog"]:
    h.update(chunk)
print(h.hexdigest(), len(h.digest()))
print(hashlib.sha1(b"abc").hexdigest(), hashlib.md5(b"abc").hexdigest(), hashlib.md5().hexdigest())
big = hashlib.sha1()
big.update(b"x" * 100000)
print(big.hexdigest())
h2 = hashlib.sha256(b"a")
d1 = h2.digest()
h2.update(b"b")
print(d1 != h2.digest(), h2.digest() == hashlib.sha256(b"ab").digest())
try:
    hashlib.sha256("text")
except TypeError:
    print("TypeError")
