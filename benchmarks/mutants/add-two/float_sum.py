# BUG: early rounding: the sum goes through a float, exact only below 2^53
a, b = map(int, input().split())
print(int(float(a) + float(b)))
