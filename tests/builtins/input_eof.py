# pyrite-needs: stdin-eof
try:
    input()
except EOFError:
    print("EOFError")
