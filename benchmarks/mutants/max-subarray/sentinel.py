# BUG: wrong sentinel: the best sum starts at -10^6, too high when every element is below it
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
best = -10**6
cur = 0
for tok in data[1:1 + n]:
    x = int(tok)
    cur = max(x, cur + x)
    best = max(best, cur)
print(best)
