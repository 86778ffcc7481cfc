import sys
print("before exit")
sys.exit(7)
print("not printed")
