print(repr("a'b"), repr('a"b'), repr("a'b\"c"), repr("\n\t\\"), repr("\x00\x7f"), repr("é"))
print(repr(""), repr("\u200b"), str("plain"), repr("\r"))
print(ascii("é日"), ascii("x"))
