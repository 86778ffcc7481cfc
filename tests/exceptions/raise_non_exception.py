try:
    raise 5
except TypeError as e:
    print("TypeError", e)
class NotExc:
    pass
try:
    raise NotExc
except TypeError:
    print("TypeError class")
try:
    try:
        pass
    except 5:
        pass
    print("no error when nothing raised")
except TypeError:
    print("TypeError")
