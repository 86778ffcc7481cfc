print(0x1F, 0o17, 0b101, 1_000_000, 0xdead_beef)
print(123456789012345678901234567890)
print(0XFF, 0O7, 0B1)
print(-0x10, 0 == 0x0 == 0o0 == 0b0)
