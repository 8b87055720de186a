import random

from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        k = draw(st.integers(1, 3 if size == "tiny" else 6))
        top = 10 if size == "tiny" else 60
        coins = draw(st.lists(st.integers(1, top), min_size=k, max_size=k, unique=True))
        s = draw(st.integers(0, 12 if size == "tiny" else 60))
    else:
        rng = random.Random(draw(st.integers(0, 2**32)))
        shape = draw(st.sampled_from(["many-small", "few-coins", "max-s"]))
        if shape == "many-small":  # huge counts: every cut-off of the count shows
            k, s = 10, 10**5
            coins = rng.sample(range(1, 30), k)
        elif shape == "few-coins":
            k, s = 100, 10**4
            coins = rng.sample(range(1, 10**4 + 1), k)
        else:
            k, s = 10, 10**5
            coins = [1] + rng.sample(range(2, 10**4 + 1), k - 1)
    return f"{len(coins)} {s}\n{' '.join(map(str, coins))}\n"
