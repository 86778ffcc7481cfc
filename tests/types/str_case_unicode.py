# pyrite-needs: unicode-case
# Case of letters outside ASCII, as CPython gives it (builds with the
# unicode-case feature; the boards' firmware leaves it out by default).
import re

print("ÀÉÎ".lower(), "àéî".upper(), "héllo wörld 日本".upper())
print("straße".upper(), "ΣΑΣ".lower(), "ὈΔΥΣΣΕΎΣ".lower())
print("ÉCOLE".casefold(), "ΣΑΣ".casefold())
print("ÀbÇ".swapcase(), "élan vital".title(), "éCOLE".capitalize())
print("ÉA".isupper(), "éa".islower(), "É".isupper(), "é".islower(), "日本".isupper())
print("Élan Été".istitle(), "ÉLan".istitle())
print(re.match("é+", "ÉéÉ", re.I).group(), re.search("[à-é]", "xÈ", re.I).group())
print("日本a".title(), "ǅ".isupper(), "xǅ".title(), "ǅa".istitle(), "日本A".isupper(), "日本a".islower())
