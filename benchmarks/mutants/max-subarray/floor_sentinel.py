# BUG: extreme value: the best sum starts from the sentinel -10^9 + 1, so an array of -10^9 alone reports it
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
best = -10**9 + 1
cur = 0
for tok in data[1:1 + n]:
    x = int(tok)
    cur = cur + x if cur > 0 else x
    if cur > best:
        best = cur
print(best)
