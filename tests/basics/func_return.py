def none():
    return
def early(x):
    if x:
        return "yes"
    return "no"
def multi():
    return 1, 2
print(none(), early(1), early(0), multi())
