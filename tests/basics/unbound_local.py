x = 1
def f():
    print(x)
    x = 2
try:
    f()
except UnboundLocalError as e:
    print("UnboundLocalError")
except NameError:
    print("NameError")
def g():
    del_me = 1
    del del_me
    return del_me
try:
    g()
except NameError:
    print("NameError after del")
