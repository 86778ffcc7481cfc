class MyErr(Exception):
    def __str__(self):
        return "custom message"
try:
    raise MyErr("ignored")
except MyErr as e:
    print(e, repr(e.args))
class WithRepr(Exception):
    pass
print(repr(WithRepr(1, 2)), str(WithRepr()))
