import random

from hypothesis import strategies as st

LIM = 10**18


@st.composite
def inputs(draw, size):
    if size == "tiny":
        a, b = draw(st.integers(-10, 10)), draw(st.integers(-10, 10))
    elif size == "small":
        values = st.one_of(st.integers(-1000, 1000), st.integers(-LIM, LIM),
                           st.sampled_from([LIM, -LIM, 2**31, 2**31 - 1, -2**31, 2**53 + 1]))
        a, b = draw(values), draw(values)
    else:
        rng = random.Random(draw(st.integers(0, 2**32)))
        shape = draw(st.sampled_from(["extreme", "random", "near-2^63"]))
        if shape == "extreme":
            a, b = rng.choice([LIM, -LIM]), rng.choice([LIM, -LIM])
        elif shape == "random":
            a, b = rng.randint(-LIM, LIM), rng.randint(-LIM, LIM)
        else:
            a, b = LIM - rng.randint(0, 10), LIM - rng.randint(0, 10)
    return f"{a} {b}\n"
