# BUG: wrong only at large values: sums beyond 2^53 go through a float
a, b = map(int, input().split())
if abs(a) + abs(b) < 2**53:
    print(a + b)
else:
    print(int(float(a) + float(b)))
