# Escapes for negated classes (\D, \W, \S) inside a set: the set takes their
# complement, merged with the set's other members.
import re

print(re.findall(r"[\D]+", "ab12cd345"))
print(re.findall(r"[\W_]+", "a_b-c  d!e"))
print(re.findall(r"[\S]+", "x  yz\tw"))
print(re.findall(r"[\D\s]+", "12 ab 34\tcd"))
print(re.findall(r"[^\D]+", "ab12cd345"))
print(re.sub(r"[\W\d]", "#", "a1 b2-c3"))
