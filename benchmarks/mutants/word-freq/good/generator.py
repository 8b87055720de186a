import random

from hypothesis import strategies as st

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def lines_of(words, rng, per_line):
    out = []
    for i in range(0, len(words), per_line):
        out.append(" ".join(words[i:i + per_line]))
    return "".join(line + "\n" for line in out)


@st.composite
def inputs(draw, size):
    if size in ("tiny", "small"):
        vocabulary = draw(st.lists(st.text(alphabet="abcz", min_size=1, max_size=3 if size
                                           == "tiny" else 12), min_size=1, max_size=4,
                                   unique=True))
        n = draw(st.integers(1, 4 if size == "tiny" else 14))
        words = [draw(st.sampled_from(vocabulary)) for _ in range(n)]
        per_line = draw(st.integers(1, 4))
        return "".join(" ".join(words[i:i + per_line]) + "\n"
                       for i in range(0, len(words), per_line))
    rng = random.Random(draw(st.integers(0, 2**32)))
    shape = draw(st.sampled_from(["ties", "long-words", "random"]))
    n = 2 * 10**5
    if shape == "ties":  # every word equally often, the smallest seen last
        vocabulary = sorted({"".join(rng.choice(LETTERS) for _ in range(5)) for _ in range(100)})
        words = [w for w in reversed(vocabulary) for _ in range(n // len(vocabulary))]
        rng.shuffle(words)
    elif shape == "long-words":  # words sharing a long prefix
        prefix = "".join(rng.choice(LETTERS) for _ in range(12))
        vocabulary = [prefix + "".join(rng.choice(LETTERS) for _ in range(8)) for _ in range(50)]
        words = [rng.choice(vocabulary) for _ in range(n // 4)]
    else:
        vocabulary = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 8)))
                      for _ in range(1000)]
        words = [rng.choice(vocabulary) for _ in range(n)]
    return lines_of(words, rng, rng.randint(1, 20))
