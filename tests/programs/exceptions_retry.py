attempts = 0
def flaky():
    global attempts
    attempts += 1
    if attempts < 3:
        raise ConnectionError("try again") if "ConnectionError" in dir(__builtins__) else OSError("try again")
    return "success after %d" % attempts
for i in range(5):
    try:
        print(flaky())
        break
    except OSError as e:
        print("attempt", i, "failed:", e)
