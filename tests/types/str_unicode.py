s = "héllo wörld 日本"
print(len(s), s[1], s[-1], s[12:], s.replace("ö", "o"), s[::-1])
print(s.find("ö"), s.index("日"), list("añb"), ord("é"), chr(233), chr(0x65e5))
print("日本".encode(), b"\xe6\x97\xa5".decode(), len("😀"), "😀" * 2)
for ch in "aé日":
    print(ch, ord(ch))
