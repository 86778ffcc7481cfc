# JSON: dumps and loads of nested documents.
import json
import sys


def doc(i):
    return {
        "id": i,
        "name": "item%d" % i,
        "tags": ["a", "b", "c"][: i % 4],
        "price": i * 0.25,
        "stock": {"here": i % 7, "there": [i, i + 1, None, True]},
    }


def run(n):
    total = 0
    for i in range(n):
        text = json.dumps([doc(i), doc(i + 1)])
        back = json.loads(text)
        total += len(text) + back[1]["stock"]["there"][1] + len(back[0]["tags"])
    return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 30000
print(run(n))
