import random

from hypothesis import strategies as st

MAXN = 2 * 10**5


@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        n = draw(st.integers(2, 4 if size == "tiny" else 10))
        hi = 5 if size == "tiny" else 10**9
        a = draw(st.lists(st.integers(-hi, hi), min_size=n, max_size=n))
        t = draw(st.one_of(st.integers(-2 * hi, 2 * hi),
                           st.sampled_from([a[0] + a[-1], 2 * a[0], a[0] + a[1]])))
        return f"{n} {t}\n{' '.join(map(str, a))}\n"
    rng = random.Random(draw(st.integers(0, 2**32)))
    shape = draw(st.sampled_from(["no-pair", "far-pair", "equal-pair", "random"]))
    n = MAXN
    if shape == "no-pair":  # all even values, odd target: never a pair, the whole scan
        a = [2 * rng.randint(-5 * 10**8, 5 * 10**8) for _ in range(n)]
        t = 2 * rng.randint(-10**9, 10**9 - 1) + 1
    elif shape == "far-pair":
        a = [2 * rng.randint(-5 * 10**8, 5 * 10**8) for _ in range(n)]
        a[0], a[-1] = 1, 2 * rng.randint(-10**8, 10**8) + 1
        t = a[0] + a[-1]
    elif shape == "equal-pair":
        a = [4 * rng.randint(-2 * 10**8, 2 * 10**8) + 1 for _ in range(n)]
        x = 4 * rng.randint(-10**8, 10**8)
        i, j = sorted(rng.sample(range(n), 2))
        a[i] = a[j] = x
        t = 2 * x
    else:
        a = [rng.randint(-10**9, 10**9) for _ in range(n)]
        t = rng.randint(-2 * 10**9, 2 * 10**9)
    return f"{n} {t}\n{' '.join(map(str, a))}\n"
