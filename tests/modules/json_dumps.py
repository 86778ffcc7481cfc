import json
print(json.dumps(1), json.dumps(1.5), json.dumps("s"), json.dumps(None), json.dumps(True), json.dumps([]), json.dumps({}))
print(json.dumps([1, "two", 3.0, [4], {"five": 5}]))
print(json.dumps({"k": "v", "n": 1}), json.dumps((1, 2)), json.dumps({1: "int key", 2.5: "float"}))
print(json.dumps("quote\" backslash\\ nl\n tab\t uni\u00e9 ctl\x01"))
print(json.dumps({"a": 1, "b": [1, 2]}, separators=(",", ":")))
print(json.dumps(10**30), json.dumps(-0.0), json.dumps(1e100))
try:
    json.dumps(object())
except TypeError:
    print("TypeError")
try:
    json.dumps({(1, 2): 3})
except TypeError:
    print("TypeError key")
