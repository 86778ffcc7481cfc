print("hello world".title(), "HELLO".lower(), "hello".capitalize(), "hELLO".capitalize())
print("Hello".casefold(), "a1b2".upper(), "AÉÎ".lower()[0])
print("abc".isalpha(), "abc1".isalnum(), "123".isdigit(), " \t".isspace(), "ABC".isupper(), "abc".islower())
print("".isalpha(), "Title Case".istitle(), "x_1".isidentifier(), "1x".isidentifier(), "½".isnumeric())
