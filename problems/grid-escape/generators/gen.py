# Regenerates data/secret/ from scratch. Run from the package directory:
#     python3 generators/gen.py
# Deterministic (fixed seed); answers come from the reference BFS below.
import os
import random
import shutil
from collections import deque

SECRET = os.path.join("data", "secret")


def solve(grid):
    r, c = len(grid), len(grid[0])
    for i in range(r):
        for j in range(c):
            if grid[i][j] == "S":
                s = (i, j)
            elif grid[i][j] == "E":
                e = (i, j)
    dist = [[-1] * c for _ in range(r)]
    dist[s[0]][s[1]] = 0
    dq = deque([s])
    while dq:
        i, j = dq.popleft()
        for ni, nj in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if 0 <= ni < r and 0 <= nj < c and grid[ni][nj] != "#" and dist[ni][nj] == -1:
                dist[ni][nj] = dist[i][j] + 1
                dq.append((ni, nj))
    return dist[e[0]][e[1]]


def write(name, grid):
    grid = ["".join(row) for row in grid]
    assert sum(row.count("S") for row in grid) == 1
    assert sum(row.count("E") for row in grid) == 1
    os.makedirs(SECRET, exist_ok=True)
    with open(os.path.join(SECRET, name + ".in"), "w") as f:
        f.write("%d %d\n" % (len(grid), len(grid[0])))
        f.write("".join(row + "\n" for row in grid))
    with open(os.path.join(SECRET, name + ".ans"), "w") as f:
        f.write("%d\n" % solve(grid))


def parse(text):
    return [list(row) for row in text.strip().split("\n")]


def random_grid(rng, r, c, density):
    g = [["#" if rng.random() < density else "." for _ in range(c)] for _ in range(r)]
    return g


def place(g, cell, ch):
    g[cell[0]][cell[1]] = ch


def horizontal_snake(r, c):
    # Corridors on even rows, joined alternately at the right and the left end.
    g = [["." if i % 2 == 0 else "#" for _ in range(c)] for i in range(r)]
    for i in range(1, r, 2):
        gap = c - 1 if (i // 2) % 2 == 0 else 0
        g[i][gap] = "."
    g[0][0] = "S"
    last = r - 1 if r % 2 == 1 else r - 2
    end_col = c - 1 if (last // 2) % 2 == 0 else 0
    g[last][end_col] = "E"
    return g


def vertical_snake(r, c):
    t = horizontal_snake(c, r)
    return [[t[j][i] for j in range(c)] for i in range(r)]


def maze(rng, r, c):
    # Perfect maze: rooms on even coordinates, carved by an iterative randomized DFS.
    g = [["#"] * c for _ in range(r)]
    g[0][0] = "."
    stack = [(0, 0)]
    while stack:
        i, j = stack[-1]
        options = []
        for di, dj in ((2, 0), (-2, 0), (0, 2), (0, -2)):
            ni, nj = i + di, j + dj
            if 0 <= ni < r and 0 <= nj < c and g[ni][nj] == "#":
                options.append((ni, nj, i + di // 2, j + dj // 2))
        if not options:
            stack.pop()
            continue
        ni, nj, wi, wj = rng.choice(options)
        g[wi][wj] = "."
        g[ni][nj] = "."
        stack.append((ni, nj))
    g[0][0] = "S"
    g[r - 1 - (r - 1) % 2][c - 1 - (c - 1) % 2] = "E"
    return g


def main():
    rng = random.Random(424242)
    if os.path.isdir(SECRET):
        shutil.rmtree(SECRET)

    write("01-adjacent", parse("SE"))
    write("02-column", parse("S\n.\nE"))
    write("03-blocked-line", parse("S#E"))
    # Moving right from the last column must not wrap to the next row.
    write("04-no-wraparound", parse("..#...\n.S#.#E\n....#."))
    # Diagonal moves would squeeze between the walls.
    write("05-no-diagonals", parse(
        "S#....\n"
        ".#.##.\n"
        ".#.#E.\n"
        ".#.###\n"
        "...#..\n"))
    write("06-line-row", [["S"] + ["."] * 998 + ["E"]])
    write("07-line-column", [["S"]] + [["."]] * 998 + [["E"]])

    g = random_grid(rng, 30, 30, 0.2)
    for i in range(9, 14):
        for j in range(9, 14):
            g[i][j] = "#"
    for i in range(10, 13):
        for j in range(10, 13):
            g[i][j] = "."
    place(g, (11, 11), "S")
    place(g, (29, 0), "E")
    write("08-enclosed-start", g)

    g = random_grid(rng, 20, 30, 0.25)
    place(g, (0, 0), "S")
    place(g, (19, 29), "E")
    write("09-random-small", g)

    g = random_grid(rng, 200, 300, 0.3)
    place(g, (3, 5), "S")
    place(g, (196, 290), "E")
    write("10-random-medium", g)

    write("11-maze", maze(rng, 301, 301))

    g = [["."] * 1000 for _ in range(1000)]
    place(g, (0, 0), "S")
    place(g, (999, 999), "E")
    write("12-open-max", g)

    write("13-snake-max", horizontal_snake(1000, 1000))
    write("14-snake-vertical", vertical_snake(1000, 150))

    g = random_grid(rng, 500, 500, 0.3)
    place(g, (250, 0), "S")
    place(g, (499, 498), "E")
    write("15-random-large", g)

    # A full wall column separates S from E: the whole left part is explored.
    g = random_grid(rng, 1000, 200, 0.1)
    for i in range(1000):
        g[i][150] = "#"
    place(g, (0, 0), "S")
    place(g, (999, 199), "E")
    write("16-unreachable-large", g)


if __name__ == "__main__":
    main()
