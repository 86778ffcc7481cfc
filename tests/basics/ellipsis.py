print(..., Ellipsis, ... is Ellipsis)
def stub():
    ...
print(stub())
