# BUG: equal values: two pointers over sorted values map each value to its first position, so x + x = t gives "i i"
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
first = {}
for i, x in enumerate(a):
    first.setdefault(x, i + 1)
b = sorted(a)
lo, hi = 0, n - 1
while lo < hi:
    s = b[lo] + b[hi]
    if s == t:
        print(first[b[lo]], first[b[hi]])
        break
    if s < t:
        lo += 1
    else:
        hi -= 1
else:
    print('impossible')
