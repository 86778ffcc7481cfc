# pyrite-needs: ascii-case
# Builds without the unicode-case feature (the boards' firmware by default)
# give only ASCII letters case, as MicroPython does: other letters pass
# through the case methods unchanged and count as uncased.
import re

print("ÀÉÎ".lower(), "àéî".upper(), "héllo wörld".upper(), "HÉLLO".lower())
print("straße".upper(), "ΣΑΣ".lower(), "ÉCOLE".casefold())
print("ÀbÇ".swapcase(), "élan vital".title(), "éCOLE".capitalize())
print("ÉA".isupper(), "éa".islower(), "É".isupper(), "é".islower(), "ÉÀ".isupper())
print("Élan".istitle(), "éLAN".istitle())
print(re.match("é+", "ééÉ", re.I).group(), re.match("a+", "aAa", re.I).group())
