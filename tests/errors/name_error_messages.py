try:
    print(nope)
except NameError as e:
    print(e)
def f():
    return also_nope
try:
    f()
except NameError as e:
    print(e)
class C:
    try:
        print(in_class_nope)
    except NameError as e:
        print(e)
