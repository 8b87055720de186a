# BUG: overflow-like cut-off: speeds are capped at 1000, a leftover from a smaller limit
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
dist = 0
hours = 0.0
for i in range(n):
    d, v = int(data[1 + 2 * i]), min(int(data[2 + 2 * i]), 1000)
    dist += d
    hours += d / v
print('%.9f' % (dist / hours))
