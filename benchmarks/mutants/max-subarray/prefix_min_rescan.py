# BUG: slow: the minimum prefix is recomputed from scratch at every position, O(n^2)
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
prefix = [0]
for x in a:
    prefix.append(prefix[-1] + x)
best = a[0]
for r in range(1, n + 1):
    best = max(best, prefix[r] - min(prefix[:r]))
print(best)
