l = [3, 1, 4, 1, 5, 9, 2, 6]
print(l.index(1), l.index(1, 2), l.count(1), l[::-1][:3])
l2 = l * 2
print(len(l2), l2.count(9))
l.sort(key=lambda x: -x)
print(l)
nums = list(range(10))
print(nums[-3:], nums[:-8], nums[3:7][::-1], nums[::-3])
nums[:] = [0]
print(nums)
