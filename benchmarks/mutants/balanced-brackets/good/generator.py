import random

from hypothesis import strategies as st

PAIRS = ["()", "[]", "{}"]


def balanced_string(rng, n):
    out, stack = [], []
    while len(out) + len(stack) < n or stack:
        if stack and (len(out) + len(stack) >= n or rng.random() < 0.5):
            out.append(stack.pop())
        else:
            p = rng.choice(PAIRS)
            out.append(p[0])
            stack.append(p[1])
    return "".join(out)


@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        t = draw(st.integers(1, 3 if size == "tiny" else 6))
        longest = 4 if size == "tiny" else 12
        cases = [draw(st.text(alphabet="()[]{}", min_size=1, max_size=longest))
                 for _ in range(t)]
        return f"{t}\n" + "".join(c + "\n" for c in cases)
    rng = random.Random(draw(st.integers(0, 2**32)))
    n = 2 * 10**5
    deep = [rng.choice(PAIRS) for _ in range(n // 2)]
    cases = ["".join(p[0] for p in deep) + "".join(p[1] for p in reversed(deep)),
             balanced_string(rng, n)]
    return f"{len(cases)}\n" + "".join(c + "\n" for c in cases)
