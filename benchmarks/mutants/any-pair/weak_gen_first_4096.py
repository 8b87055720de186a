# BUG: cut-off: only the first 4096 values are looked up (wrong only when the pair ends beyond position 4096); stand-in: weak generator
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + min(n, 4096)]))
seen = {}
for j, x in enumerate(a):
    i = seen.get(t - x)
    if i is not None:
        print(i + 1, j + 1)
        break
    if x not in seen:
        seen[x] = j
else:
    print("impossible")
