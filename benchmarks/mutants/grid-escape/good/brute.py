import sys

data = sys.stdin.read().split()
r, c = int(data[0]), int(data[1])
g = data[2:2 + r]
INF = float("inf")
dist = [[INF] * c for _ in range(r)]
for i in range(r):
    for j in range(c):
        if g[i][j] == "S":
            dist[i][j] = 0
changed = True
while changed:  # relax every cell from its neighbours until nothing changes
    changed = False
    for i in range(r):
        for j in range(c):
            if g[i][j] == "#":
                continue
            for ni, nj in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                if 0 <= ni < r and 0 <= nj < c and dist[ni][nj] + 1 < dist[i][j]:
                    dist[i][j] = dist[ni][nj] + 1
                    changed = True
end = [dist[i][j] for i in range(r) for j in range(c) if g[i][j] == "E"][0]
print(-1 if end == INF else end)
