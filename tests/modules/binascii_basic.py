import binascii
print(binascii.hexlify(b"\x00\xffab"), binascii.unhexlify(b"00ff6162"), binascii.unhexlify("4142"))
print(binascii.b2a_base64(b"hello world"), binascii.b2a_base64(b"", newline=False), binascii.b2a_base64(b"ab", newline=False))
print(binascii.a2b_base64(b"aGVsbG8gd29ybGQ="), binascii.a2b_base64("YWI="), binascii.a2b_base64(""))
print(binascii.crc32(b"hello"), binascii.crc32(b""), binascii.crc32(b"world", binascii.crc32(b"hello ")) == binascii.crc32(b"hello world"))
print(binascii.hexlify(b"abc", "-"), binascii.hexlify(b"abc", b":"))
for bad in [b"0", b"zz"]:
    try:
        binascii.unhexlify(bad)
    except (ValueError, binascii.Error if hasattr(binascii, "Error") else ValueError):
        print("error")
