# Checks reachability with a recursive flood fill first, then runs a BFS.
# Without raising the recursion limit, a long path (more than ~1000 cells deep)
# makes the flood fill raise RecursionError.
import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    r = int(data[0])
    c = int(data[1])
    g = [row.decode() for row in data[2:2 + r]]
    for i in range(r):
        for j in range(c):
            if g[i][j] == "S":
                s = (i, j)
            elif g[i][j] == "E":
                e = (i, j)

    seen = [[False] * c for _ in range(r)]

    def fill(i, j):
        if i < 0 or i >= r or j < 0 or j >= c or seen[i][j] or g[i][j] == "#":
            return
        seen[i][j] = True
        fill(i + 1, j)
        fill(i - 1, j)
        fill(i, j + 1)
        fill(i, j - 1)

    fill(s[0], s[1])
    if not seen[e[0]][e[1]]:
        print(-1)
        return

    dist = [[-1] * c for _ in range(r)]
    dist[s[0]][s[1]] = 0
    dq = deque([s])
    while dq:
        i, j = dq.popleft()
        for ni, nj in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if 0 <= ni < r and 0 <= nj < c and g[ni][nj] != "#" and dist[ni][nj] == -1:
                dist[ni][nj] = dist[i][j] + 1
                dq.append((ni, nj))
    print(dist[e[0]][e[1]])


main()
