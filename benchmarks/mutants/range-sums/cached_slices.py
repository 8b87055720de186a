# BUG: slow: every query sums its slice (cached per query), O(n * q) on long distinct ranges
import sys

data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
cache = {}
out = []
pos = 2 + n
for _ in range(q):
    l, r = int(data[pos]), int(data[pos + 1])
    pos += 2
    if (l, r) not in cache:
        cache[(l, r)] = sum(a[l - 1:r])
    out.append(cache[(l, r)])
print("\n".join(map(str, out)))
