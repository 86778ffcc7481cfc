#!/usr/bin/env python3
"""Regenerates the expected output (`name.py.exp`) of every test program with
CPython, which is the reference wherever MicroPython follows it.

Tests in `tests/micropython/` have hand-written expected output (MicroPython's
behaviour differs from CPython's there) and are left alone.  Run from anywhere:
    python3 tests/gen_exp.py [substring]
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HANDWRITTEN = {"micropython"}


def main():
    pattern = sys.argv[1] if len(sys.argv) > 1 else ""
    count = 0
    for cat in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, cat)
        if not os.path.isdir(d) or cat in HANDWRITTEN:
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".py") or pattern not in os.path.join(cat, name):
                continue
            r = subprocess.run([sys.executable, name], cwd=d, capture_output=True, timeout=120)
            out = r.stdout
            if r.returncode != 0:
                out += b"# exit status %d\n" % r.returncode
            with open(os.path.join(d, name + ".exp"), "wb") as f:
                f.write(out)
            count += 1
    print("wrote %d expected outputs" % count)


if __name__ == "__main__":
    main()
