# BUG: cut-off: answers at most 10^5 queries (a fixed-size output buffer)
import sys

data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
pre = [0]
for x in data[2:2 + n]:
    pre.append(pre[-1] + int(x))
out = []
pos = 2 + n
for _ in range(min(q, 10**5)):
    l, r = int(data[pos]), int(data[pos + 1])
    pos += 2
    out.append(pre[r] - pre[l - 1])
print("\n".join(map(str, out)))
