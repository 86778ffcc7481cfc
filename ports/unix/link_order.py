#!/usr/bin/env python3
"""Writes ports/unix/link-order.txt: the order in which the linker lays out the
`pyrite` binary's functions (release builds on x86-64 Linux, see build.rs).

    python3 ports/unix/link_order.py        # after `cargo build --release -p pyrite`

Why: the kernel maps a program's code 64 KiB around each page it first runs
(fault-around), so functions that run together should sit together.  Laid out
as rustc leaves them, the few hundred functions a script runs are spread over
the 5 MiB of text, and start-up alone maps over a megabyte of it; grouped, they
take a few windows (peak RSS about 0.7 MiB less, measured on the benchmarks).

How: callgrind lists the functions `pyrite -c pass` and each program in
benches/python run.  Start-up functions come first, then the rest by how many
programs run them (most first), then by instructions spent in them, so every
program touches a dense prefix plus little else.  Names are the binary's
mangled symbols; their hashes follow the crate graph, not function bodies, so the
file stays valid across most edits.  A name the linker no longer finds is
skipped, and functions the file does not name follow in rustc's order:
a stale file costs memory, never correctness.  Rerun it after large changes.
"""

import collections
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYRITE = os.path.join(ROOT, "target", "release", "pyrite")
OUT = os.path.join(HERE, "link-order.txt")


def self_costs(path):
    """Instructions spent in each function (not its callees) of a callgrind file."""
    names, cost = {}, collections.Counter()
    cur, after_calls = None, False
    for line in open(path):
        m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?", line)
        if m:
            kind, ident, name = m.groups()
            if name:
                names[ident] = name.strip()
            if kind == "fn":
                cur, after_calls = names.get(ident), False
            continue
        if line.startswith("calls="):
            # The next cost line is the call's inclusive cost: not this function's.
            after_calls = True
            continue
        if line[:1].isdigit() or line[:1] in "+-*":
            if after_calls:
                after_calls = False
                continue
            parts = line.split()
            if len(parts) >= 2 and cur:
                cost[cur] += int(parts[1])
    return cost


def profile(args, out):
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no",
                    "--callgrind-out-file=" + out, PYRITE] + args,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return self_costs(out)


def main():
    if not os.path.exists(PYRITE):
        sys.exit("build first: cargo build --release -p pyrite")
    nm = subprocess.run(["nm", "--defined-only", PYRITE], capture_output=True, text=True,
                        check=True).stdout
    text = {p[2] for p in (l.split() for l in nm.splitlines()) if len(p) == 3 and p[1] in "tTwW"}
    with tempfile.TemporaryDirectory() as tmp:
        start = profile(["-c", "pass"], os.path.join(tmp, "start"))
        programs = sorted(glob.glob(os.path.join(ROOT, "benches", "python", "*.py")))
        users, total = collections.Counter(), collections.Counter()
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
            runs = [pool.submit(profile, [prog], os.path.join(tmp, "p%d" % i))
                    for i, prog in enumerate(programs)]
            for i, run in enumerate(runs):
                sys.stderr.write("\r\033[K[%d/%d] %s" % (i + 1, len(programs),
                                                          os.path.basename(programs[i])))
                sys.stderr.flush()
                c = run.result()
                users.update(c.keys())
                total.update(c)
        sys.stderr.write("\n")
    first = [n for n, _ in start.most_common() if n in text]
    seen = set(first)
    rest = sorted((n for n in total if n in text and n not in seen),
                  key=lambda n: (-users[n], -total[n], n))
    with open(OUT, "w") as f:
        f.write("# Function layout for the pyrite binary: written by link_order.py, read by\n"
                "# build.rs (lld --symbol-ordering-file).  Start-up functions first.\n")
        f.write("\n".join(first + rest) + "\n")
    print("%s: %d functions (%d at start-up) of %d" % (os.path.relpath(OUT, ROOT),
                                                       len(first) + len(rest), len(first), len(text)))


if __name__ == "__main__":
    main()
