# BUG: precision cut: prints 4 decimals, too few when the mean speed is small
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
dist = 0
hours = 0.0
for i in range(n):
    d, v = int(data[1 + 2 * i]), int(data[2 + 2 * i])
    dist += d
    hours += d / v
print('%.4f' % (dist / hours))
