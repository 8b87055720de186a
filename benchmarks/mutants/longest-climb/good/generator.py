import random

from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        n = draw(st.integers(1, 5 if size == "tiny" else 10))
        top = 5 if size == "tiny" else 10**9
        h = draw(st.lists(st.one_of(st.integers(0, 6), st.integers(0, top)),
                          min_size=n, max_size=n))
    else:
        rng = random.Random(draw(st.integers(0, 2**32)))
        shape = draw(st.sampled_from(["increasing", "random", "sawtooth"]))
        n = 2 * 10**5
        if shape == "increasing":
            h = sorted(rng.sample(range(10**9 + 1), n))
        elif shape == "random":
            h = [rng.randint(0, 10**9) for _ in range(n)]
        else:
            h = [(i % 1000) * 10**6 + i // 1000 for i in range(n)]
    return f"{len(h)}\n{' '.join(map(str, h))}\n"
