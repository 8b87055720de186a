# BUG: stores a value before looking up its complement, so x pairs with itself when 2x = t
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
seen = {}
for j, x in enumerate(a):
    if x not in seen:
        seen[x] = j
    i = seen.get(t - x)
    if i is not None:
        print(i + 1, j + 1)
        break
else:
    print('impossible')
