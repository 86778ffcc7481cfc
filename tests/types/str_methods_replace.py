print("aaa".replace("a", "b"), "aaa".replace("a", "b", 2), "abc".replace("", "-"), "hello".replace("l", ""))
print("hello".partition("l"), "hello".rpartition("l"), "hello".partition("x"), "hello".rpartition("x"))
