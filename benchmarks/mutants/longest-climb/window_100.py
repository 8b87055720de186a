# BUG: cut-off: the O(n^2) DP only looks back 100 positions to stay fast
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
h = [int(x) for x in data[1:1 + n]]
best = [1] * n
for i in range(n):
    for j in range(max(0, i - 100), i):
        if h[j] < h[i] and best[j] + 1 > best[i]:
            best[i] = best[j] + 1
print(max(best))
