import random

from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        n = draw(st.integers(1, 4 if size == "tiny" else 10))
        values = st.one_of(st.integers(-10, 10), st.integers(-10**9, 10**9))
        a = draw(st.lists(values, min_size=n, max_size=n))
    else:
        rng = random.Random(draw(st.integers(0, 2**32)))
        shape = draw(st.sampled_from(["random", "all-negative", "best-at-end"]))
        n = 2 * 10**5
        if shape == "all-negative":
            a = [-rng.randint(10**8, 10**9) for _ in range(n)]
        elif shape == "best-at-end":
            a = [-rng.randint(1, 10**9) for _ in range(n - 1)] + [10**9]
        else:
            a = [rng.randint(-10**9, 10**9) for _ in range(n)]
    return f"{len(a)}\n{' '.join(map(str, a))}\n"
