for exc in [ZeroDivisionError, OverflowError, KeyError, IndexError, UnboundLocalError, ModuleNotFoundError, RecursionError, IndentationError, NotImplementedError]:
    print(exc.__name__, [c.__name__ for c in exc.__mro__])
print(issubclass(KeyboardInterrupt, Exception), issubclass(SystemExit, BaseException), issubclass(StopIteration, Exception))
