# BUG: wrong bound: gives up after R + C levels, as if no path were longer than that
import sys
from collections import deque

data = sys.stdin.read().split()
r, c = int(data[0]), int(data[1])
g = data[2:2 + r]
for i in range(r):
    for j in range(c):
        if g[i][j] == "S":
            s = (i, j)
        elif g[i][j] == "E":
            e = (i, j)
dist = {s: 0}
dq = deque([s])
answer = -1
while dq:
    i, j = dq.popleft()
    if (i, j) == e:
        answer = dist[e]
        break
    if dist[(i, j)] >= r + c:
        continue
    for ni, nj in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
        if 0 <= ni < r and 0 <= nj < c and g[ni][nj] != "#" and (ni, nj) not in dist:
            dist[(ni, nj)] = dist[(i, j)] + 1
            dq.append((ni, nj))
print(answer)
