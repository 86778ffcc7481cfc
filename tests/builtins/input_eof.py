try:
    input()
except EOFError:
    print("EOFError")
