import random

from hypothesis import strategies as st

def snake(r, c):
    g = [["." if i % 2 == 0 else "#" for _ in range(c)] for i in range(r)]
    for i in range(1, r, 2):
        g[i][c - 1 if (i // 2) % 2 == 0 else 0] = "."
    g[0][0] = "S"
    last = r - 1 if (r - 1) % 2 == 0 else r - 2
    g[last][c - 1 if (last // 2) % 2 == 1 else 0] = "E"
    return g


@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        top = 3 if size == "tiny" else 7
        r, c = draw(st.integers(1, top)), draw(st.integers(1, top))
        if r * c < 2:
            c = 2
        cells = draw(st.lists(st.sampled_from(".#"), min_size=r * c, max_size=r * c))
        s, e = draw(st.lists(st.integers(0, r * c - 1), min_size=2, max_size=2, unique=True))
        cells[s], cells[e] = "S", "E"
        g = [cells[i * c:(i + 1) * c] for i in range(r)]
    else:
        rng = random.Random(draw(st.integers(0, 2**32)))
        shape = draw(st.sampled_from(["snake", "open", "random"]))
        r = c = 1000
        if shape == "snake":
            g = snake(r, c)
        elif shape == "open":
            g = [["."] * c for _ in range(r)]
            g[0][0], g[r - 1][c - 1] = "S", "E"
        else:
            g = [["#" if rng.random() < 0.3 else "." for _ in range(c)] for _ in range(r)]
            g[rng.randrange(r)][rng.randrange(c)] = "S"
            while True:
                i, j = rng.randrange(r), rng.randrange(c)
                if g[i][j] != "S":
                    g[i][j] = "E"
                    break
    return f"{len(g)} {len(g[0])}\n" + "".join("".join(row) + "\n" for row in g)
