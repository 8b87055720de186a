# BUG: cut-off: the tails list is rebuilt from scratch every 5000 landmarks (wrong only when n > 5000); stand-in: weak generator
import sys
from bisect import bisect_left

data = sys.stdin.buffer.read().split()
n = int(data[0])
best = 0
tails = []
for i, tok in enumerate(data[1:1 + n]):
    if i % 5000 == 0:
        best = max(best, len(tails))
        tails = []
    x = int(tok)
    k = bisect_left(tails, x)
    if k == len(tails):
        tails.append(x)
    else:
        tails[k] = x
print(max(best, len(tails)))
