# A pystone-like workload: records with fields, procedures that copy and
# update them, string and array operations in one loop.
import sys


class Record:
    def __init__(self, ptr=None, discr=0, enum=0, intcomp=0, strcomp=""):
        self.ptr = ptr
        self.discr = discr
        self.enum = enum
        self.intcomp = intcomp
        self.strcomp = strcomp

    def copy(self):
        return Record(self.ptr, self.discr, self.enum, self.intcomp, self.strcomp)


def proc_a(rec, glob):
    nxt = rec.ptr
    nxt.intcomp = rec.intcomp = 5
    nxt.ptr = rec.ptr
    if nxt.discr == 0:
        nxt.intcomp = 6
        nxt.enum = func_b(rec.enum)
        nxt.ptr = glob
        nxt.intcomp = proc_c(nxt.intcomp, 10)
    else:
        rec = nxt.copy()
    return rec


def func_b(e):
    return 2 if e == 3 else 3


def proc_c(a, b):
    return a + b + 2


def func_s(s1, s2):
    return s1[2] == s2[2] and s1 < s2


def run(loops):
    glob = Record(None, 0, 2, 40, "DHRYSTONE PROGRAM, SOME STRING")
    rec = Record(glob, 0, 2, 40, "DHRYSTONE PROGRAM, SOME STRING")
    arr = [0] * 51
    grid = [[0] * 51 for _ in range(51)]
    s1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    checksum = 0
    for i in range(loops):
        s2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        rec = proc_a(rec, glob)
        arr[i % 51] = i
        grid[i % 51][(i * 7) % 51] += 1
        if func_s(s1, s2):
            checksum += rec.intcomp
        checksum = (checksum + len(s2) + arr[(i * 3) % 51]) % 1000003
    return checksum, sum(map(sum, grid))


n = int(sys.argv[1]) if len(sys.argv) > 1 else 550000
print(run(n))
