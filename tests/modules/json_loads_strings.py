# Strings json.loads reads: empty, plain ASCII and non-ASCII text taken
# whole, and text with escapes (quotes, backslashes, \n, \u with surrogate
# pairs) before, after or between plain runs; unterminated ones fail.
import json

doc = r'["", "a", "caf' + "\u00e9" + r'", "x\ny", "q\"", "\u00e9\ud83d\ude00", "a\\b\\", "\tlead", "trail\/", {"k": "v", "": ""}]'
print(json.loads(doc))
print(json.loads(r'"plain then \"quoted\" then plain"'))
print(json.loads(b'"bytes in"'))
for bad in ['"abc', '"ab\\', '"\\x"', '["a", "b]']:
    try:
        json.loads(bad)
    except ValueError:
        print("ValueError", repr(bad))
