# BUG: reads C before R (right only on square grids)
import sys
from collections import deque

data = sys.stdin.read().split()
c, r = int(data[0]), int(data[1])
g = data[2:2 + r]
for i in range(min(r, len(g))):
    for j in range(min(c, len(g[i]))):
        if g[i][j] == "S":
            s = (i, j)
        elif g[i][j] == "E":
            e = (i, j)
dist = {s: 0}
dq = deque([s])
while dq:
    i, j = dq.popleft()
    for ni, nj in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
        if 0 <= ni < min(r, len(g)) and 0 <= nj < c and nj < len(g[ni]) \
                and g[ni][nj] != "#" and (ni, nj) not in dist:
            dist[(ni, nj)] = dist[(i, j)] + 1
            dq.append((ni, nj))
print(dist.get(e, -1) if "e" in dir() else -1)
