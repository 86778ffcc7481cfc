print(str(0), repr(-42), str(10**25), repr(-(10**25)))
print(hex(255), oct(8), bin(5), hex(-255), bin(0), hex(2**70))
print(format(255, "x"), format(255, "#x"), format(255, "08b"), format(-42, "+d"), format(1234567, ","))
