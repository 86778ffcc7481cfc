import json, io
data = {"name": "x", "items": [1, 2, 3], "nested": {"ok": True, "none": None}, "f": 0.1}
s = json.dumps(data)
print(json.loads(s) == data, s)
buf = io.StringIO()
json.dump(data, buf)
buf.seek(0)
print(json.load(buf) == data)
