import random

from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        n = draw(st.integers(1, 4 if size == "tiny" else 10))
        q = draw(st.integers(1, 4 if size == "tiny" else 10))
        values = st.one_of(st.integers(-10, 10), st.integers(-10**9, 10**9))
        a = draw(st.lists(values, min_size=n, max_size=n))
        queries = []
        for _ in range(q):
            l = draw(st.integers(1, n))
            queries.append((l, draw(st.integers(l, n))))
    else:
        rng = random.Random(draw(st.integers(0, 2**32)))
        shape = draw(st.sampled_from(["long-ranges", "random", "extreme-values"]))
        n = q = 2 * 10**5
        if shape == "extreme-values":
            a = [rng.choice([10**9, -10**9]) for _ in range(n)]
        else:
            a = [rng.randint(-10**9, 10**9) for _ in range(n)]
        queries = []
        for _ in range(q):
            if shape == "long-ranges":
                l = rng.randint(1, 100)
                queries.append((l, rng.randint(n - 100, n)))
            else:
                l = rng.randint(1, n)
                queries.append((l, rng.randint(l, n)))
    return (f"{len(a)} {len(queries)}\n{' '.join(map(str, a))}\n"
            + "".join(f"{l} {r}\n" for l, r in queries))
