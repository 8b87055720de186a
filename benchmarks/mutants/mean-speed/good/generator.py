import random

from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        n = draw(st.integers(1, 3 if size == "tiny" else 10))
        values = st.one_of(st.integers(1, 100), st.integers(1, 10**4))
        legs = [(draw(values), draw(values)) for _ in range(n)]
    else:
        rng = random.Random(draw(st.integers(0, 2**32)))
        shape = draw(st.sampled_from(["random", "slow-short", "fast-long"]))
        n = 10**5
        if shape == "slow-short":
            legs = [(rng.randint(1, 3), rng.randint(1, 3)) for _ in range(n)]
        elif shape == "fast-long":
            legs = [(rng.randint(1, 10**4), rng.randint(9000, 10**4)) for _ in range(n)]
        else:
            legs = [(rng.randint(1, 10**4), rng.randint(1, 10**4)) for _ in range(n)]
    return f"{len(legs)}\n" + "".join(f"{d} {v}\n" for d, v in legs)
