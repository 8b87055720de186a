# BUG: off-by-one: the last element is never read
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
best = cur = int(data[1])
for tok in data[2:n]:
    x = int(tok)
    cur = cur + x if cur > 0 else x
    best = max(best, cur)
print(best)
