# BUG: 32-bit overflow: prefix sums wrap around like C ints
import sys


def wrap(x):
    x %= 1 << 32
    return x - (1 << 32) if x >= 1 << 31 else x


data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
pre = [0]
for x in data[2:2 + n]:
    pre.append(wrap(pre[-1] + int(x)))
out = []
pos = 2 + n
for _ in range(q):
    l, r = int(data[pos]), int(data[pos + 1])
    pos += 2
    out.append(wrap(pre[r] - pre[l - 1]))
print("\n".join(map(str, out)))
