import json
print(json.loads("1"), json.loads("-2.5e1"), json.loads('"s"'), json.loads("null"), json.loads("true"), json.loads("[]"), json.loads("{}"))
print(json.loads('  [1, "two", 3.0, [4], {"five": 5}]  '))
print(json.loads('"\\u00e9\\n\\"\\\\\\/"'), json.loads('"\\ud83d\\ude00"') == "\U0001F600")
print(json.loads('{"a": {"b": {"c": [true, false, null]}}}'), json.loads(b'[1]'))
print(json.loads("123456789012345678901234567890"), json.loads("1E2"), json.loads("[1,\n2]"))
for bad in ["", "[1,]", "{'a': 1}", "[1 2]", "tru", '"unterminated', "1 2", "{\"a\" 1}", "01x"]:
    try:
        json.loads(bad)
        print("parsed", repr(bad))
    except ValueError:
        print("ValueError", repr(bad))
