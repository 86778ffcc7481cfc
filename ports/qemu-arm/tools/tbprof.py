#!/usr/bin/env python3
"""Guest instructions per function of the firmware, from tbprof.c's block counts.

    python3 tbprof.py FIRMWARE.elf blocks.txt [N]

Prints the total and the N (default 30) functions that ran the most
instructions.  Compare two runs of different lengths (say 10,000 and 20,000
pystone loops) to get figures per loop without the start-up.
"""
import bisect
import collections
import subprocess
import sys


def functions(elf):
    """(start, size, name) of the code symbols, by address."""
    out = subprocess.check_output(["arm-none-eabi-nm", "-C", "-S", "--size-sort", elf]).decode()
    syms = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] in "tTwW":
            # Thumb symbols have bit 0 set.
            syms.append((int(parts[0], 16) & ~1, int(parts[1], 16), parts[3]))
    return sorted(syms)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    syms = functions(sys.argv[1])
    starts = [s[0] for s in syms]
    per_fn = collections.Counter()
    total = 0
    with open(sys.argv[2]) as f:
        for line in f:
            addr, n, execs = line.split()
            addr, count = int(addr, 16), int(n) * int(execs)
            total += count
            i = bisect.bisect_right(starts, addr) - 1
            inside = i >= 0 and addr < syms[i][0] + syms[i][1]
            per_fn[syms[i][2] if inside else hex(addr)] += count
    print("total", total)
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    for name, count in per_fn.most_common(top):
        print("%12d %5.1f%%  %s" % (count, 100.0 * count / total, name))


if __name__ == "__main__":
    main()
