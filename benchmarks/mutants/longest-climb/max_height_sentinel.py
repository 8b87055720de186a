# BUG: extreme value: a height of exactly 10^9 is taken for the end-of-input sentinel and ends the scan
import sys
from bisect import bisect_left

data = sys.stdin.buffer.read().split()
n = int(data[0])
tails = []
for tok in data[1:1 + n] + [b"1000000000"]:
    x = int(tok)
    if x == 10**9:
        break
    k = bisect_left(tails, x)
    if k == len(tails):
        tails.append(x)
    else:
        tails[k] = x
print(len(tails))
