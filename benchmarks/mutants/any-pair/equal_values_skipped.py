# BUG: missed edge case: a pair of equal values (x + x = t) is never considered
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
where = {}
for i, x in enumerate(a):
    where.setdefault(x, i)
for j, x in enumerate(a):
    y = t - x
    if y != x and y in where:
        print(where[y] + 1, j + 1)
        break
else:
    print('impossible')
