# Integer formatting with %-format and str.format: every presentation type,
# width, fill, alignment, sign, grouping and alternate forms, small and big ints.
for v in (0, 5, -5, 255, -255, 2**40, -(2**40), 2**70, -(2**70), 65, 0x1F600):
    print("%d %x %X %o %5d|%-5d|%05d|%+d" % (v, v, v, v, v, v, v, v))
    print("{:d} {:x} {:#x} {:#X} {:b} {:#o} {:>8} {:<8}| {:^9} {:08d} {:,d} {:_x}".format(v, v, v, v, v, v, v, v, v, v, v, v))
    if 0 <= v < 0x110000:
        print("{:c}|{:>3c}".format(v, v), "%c" % v)
print("{:=+8d}|{: d}|{:*^10}".format(42, 42, 7))
