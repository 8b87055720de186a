# Bug: looks up the complement among ALL positions, so when 2 * a_i == t it
# may pair position i with itself.
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
pos = {}
for i, x in enumerate(a):
    pos[x] = i
for i, x in enumerate(a):
    if t - x in pos:
        print(i + 1, pos[t - x] + 1)
        break
else:
    print('impossible')
