print('single', "double", '''triple
line''', """tri "double" """)
print('it\'s', "say \"hi\"", 'tab\there', 'nl\\n')
print(r'raw\n', R"raw\t", 'a' 'b' "c")
print('\x41\u00e9\U0001F600', '\101', len('\0'))
print(b'\x00\xff', rb'\x', B"B")
print("unicode: ñ ü 日本")
