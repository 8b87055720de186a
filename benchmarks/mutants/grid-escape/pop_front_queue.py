# BUG: slow on open grids: the BFS queue is a list popped from the front, O(queue) per step
import sys

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
queue = [s]
while queue:
    i, j = queue.pop(0)
    for ni, nj in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
        if 0 <= ni < r and 0 <= nj < c and g[ni][nj] != "#" and (ni, nj) not in dist:
            dist[(ni, nj)] = dist[(i, j)] + 1
            queue.append((ni, nj))
print(dist.get(e, -1))
