# Dhrystone 1.1's procedures, as the classic "pystone" benchmark runs them:
# one loop of `run` is one pystone loop, so per-loop costs compare with
# figures quoted for pystone (MicroPython's instructions per loop on Cortex-M).
# Written from the published algorithm; records, enumerations, char and
# string compares, array updates, and many small calls.
import sys

IDENT1, IDENT2, IDENT3, IDENT4, IDENT5 = range(1, 6)


class Record:
    def __init__(self, ptr=None, discr=0, enum=0, intcomp=0, strcomp=""):
        self.ptr = ptr
        self.discr = discr
        self.enum = enum
        self.intcomp = intcomp
        self.strcomp = strcomp

    def copy(self):
        return Record(self.ptr, self.discr, self.enum, self.intcomp, self.strcomp)


class State:
    def __init__(self):
        self.int_glob = 0
        self.bool_glob = False
        self.char1 = "\0"
        self.char2 = "\0"
        self.arr1 = [0] * 51
        self.arr2 = [[0] * 51 for _ in range(51)]
        self.ptr_glob = None


def proc1(st, ptr_in):
    nxt = ptr_in.ptr = st.ptr_glob.copy()
    ptr_in.intcomp = 5
    nxt.intcomp = ptr_in.intcomp
    nxt.ptr = ptr_in.ptr
    nxt.ptr = proc3(st, nxt.ptr)
    if nxt.discr == IDENT1:
        nxt.intcomp = 6
        nxt.enum = proc6(st, ptr_in.enum)
        nxt.ptr = st.ptr_glob.ptr
        nxt.intcomp = proc7(nxt.intcomp, 10)
    else:
        ptr_in = nxt.copy()
    nxt.ptr = None
    return ptr_in


def proc2(st, int_in):
    loc = int_in + 10
    enum_loc = 0
    while True:
        if st.char1 == "A":
            loc = loc - 1
            int_in = loc - st.int_glob
            enum_loc = IDENT1
        if enum_loc == IDENT1:
            break
    return int_in


def proc3(st, ptr_out):
    if st.ptr_glob is not None:
        ptr_out = st.ptr_glob.ptr
    else:
        st.int_glob = 100
    st.ptr_glob.intcomp = proc7(10, st.int_glob)
    return ptr_out


def proc4(st):
    b = st.char1 == "A"
    st.bool_glob = b or st.bool_glob
    st.char2 = "B"


def proc5(st):
    st.char1 = "A"
    st.bool_glob = False


def proc6(st, enum_in):
    enum_out = enum_in
    if not func3(enum_in):
        enum_out = IDENT4
    if enum_in == IDENT1:
        enum_out = IDENT1
    elif enum_in == IDENT2:
        enum_out = IDENT1 if st.int_glob > 100 else IDENT4
    elif enum_in == IDENT3:
        enum_out = IDENT2
    elif enum_in == IDENT5:
        enum_out = IDENT3
    return enum_out


def proc7(a, b):
    return b + a + 2


def proc8(st, arr1, arr2, a, b):
    loc = a + 5
    arr1[loc] = b
    arr1[loc + 1] = arr1[loc]
    arr1[loc + 30] = loc
    for i in range(loc, loc + 2):
        arr2[loc][i] = loc
    arr2[loc][loc - 1] = arr2[loc][loc - 1] + 1
    arr2[loc + 20][loc] = arr1[loc]
    st.int_glob = 5


def func1(c1, c2):
    return IDENT1 if c1 != c2 else IDENT2


def func2(st, s1, s2):
    i = 1
    c = "\0"
    while i <= 1:
        if func1(s1[i], s2[i + 1]) == IDENT1:
            c = "A"
            i = i + 1
    if "W" <= c <= "Z":
        i = 7
    if c == "X":
        return True
    if s1 > s2:
        i = i + 7
        st.int_glob = i
        return True
    return False


def func3(enum_in):
    return enum_in == IDENT3


def run(loops):
    st = State()
    st.ptr_glob = Record()
    st.ptr_glob.ptr = Record()
    st.ptr_glob.discr = IDENT1
    st.ptr_glob.enum = IDENT3
    st.ptr_glob.intcomp = 40
    st.ptr_glob.strcomp = "DHRYSTONE PROGRAM, SOME STRING"
    s1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    st.arr2[8][7] = 10
    int1 = int2 = int3 = 0
    enum_loc = 0
    for _ in range(loops):
        proc5(st)
        proc4(st)
        int1, int2 = 2, 3
        s2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        enum_loc = IDENT2
        st.bool_glob = not func2(st, s1, s2)
        while int1 < int2:
            int3 = 5 * int1 - int2
            int3 = proc7(int1, int2)
            int1 = int1 + 1
        proc8(st, st.arr1, st.arr2, int1, int3)
        st.ptr_glob = proc1(st, st.ptr_glob)
        ch = "A"
        while ch <= st.char2:
            if enum_loc == func1(ch, "C"):
                enum_loc = proc6(st, IDENT1)
            ch = chr(ord(ch) + 1)
        int3 = int2 * int1
        int2 = int3 // int1
        int2 = 7 * (int3 - int2) - int1
        int1 = proc2(st, int1)
    return (int1, int2, int3, enum_loc, st.int_glob, st.bool_glob, st.char1, st.char2,
            st.arr1[8], st.arr2[8][7], st.ptr_glob.intcomp)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
print(run(n), n)
