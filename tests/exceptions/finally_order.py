log = []
def f():
    try:
        try:
            log.append("try")
            raise KeyError
        finally:
            log.append("inner finally")
    except KeyError:
        log.append("except")
    finally:
        log.append("outer finally")
f()
print(log)
