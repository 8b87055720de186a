# BUG: slow: tails are scanned linearly instead of by binary search, O(n * answer)
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
tails = []
for tok in data[1:1 + n]:
    x = int(tok)
    k = 0
    while k < len(tails) and tails[k] < x:
        k += 1
    if k == len(tails):
        tails.append(x)
    else:
        tails[k] = x
print(len(tails))
