# BUG: wrong algorithm: an iterative DFS reports the length of the first path it finds
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
seen = {s}
stack = [(s, 0)]
answer = -1
while stack:
    (i, j), d = stack.pop()
    if (i, j) == e:
        answer = d
        break
    for ni, nj in ((i - 1, j), (i, j - 1), (i + 1, j), (i, j + 1)):
        if 0 <= ni < r and 0 <= nj < c and g[ni][nj] != "#" and (ni, nj) not in seen:
            seen.add((ni, nj))
            stack.append(((ni, nj), d + 1))
print(answer)
