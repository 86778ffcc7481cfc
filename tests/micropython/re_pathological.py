# Patterns that take exponential time in CPython finish quickly here (memoized backtracking).
import re
s = "a" * 5000
print(re.match("(a*)*b", s), re.match("(a|aa)*c", s[:40]), len(re.match("(a*)*", s).group()))
print(re.search("(x+x+)+y", "x" * 30), len(re.findall("a", s)), re.fullmatch("(?:a|b)*", "abab" * 1000) is not None)
