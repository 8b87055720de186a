# Naive: Bellman-Ford-like relaxation. Sweep the grid in row-major order and
# relax every cell from its neighbours until nothing changes. Correct, but on a
# long winding corridor the distances travel one cell per sweep against the
# sweep direction, so it needs O(R*C) sweeps: O((R*C)^2) in total.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    r = int(data[0])
    c = int(data[1])
    g = [row.decode() for row in data[2:2 + r]]
    INF = float("inf")
    dist = [[INF] * c for _ in range(r)]
    for i in range(r):
        for j in range(c):
            if g[i][j] == "S":
                dist[i][j] = 0
            elif g[i][j] == "E":
                e = (i, j)
    changed = True
    while changed:
        changed = False
        for i in range(r):
            gi = g[i]
            di = dist[i]
            for j in range(c):
                if gi[j] == "#":
                    continue
                best = di[j]
                if i > 0 and dist[i - 1][j] + 1 < best:
                    best = dist[i - 1][j] + 1
                if i + 1 < r and dist[i + 1][j] + 1 < best:
                    best = dist[i + 1][j] + 1
                if j > 0 and di[j - 1] + 1 < best:
                    best = di[j - 1] + 1
                if j + 1 < c and di[j + 1] + 1 < best:
                    best = di[j + 1] + 1
                if best < di[j]:
                    di[j] = best
                    changed = True
    d = dist[e[0]][e[1]]
    print(-1 if d == INF else d)


main()
