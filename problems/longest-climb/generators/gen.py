# Regenerates data/secret/ from scratch. Run from the package directory:
#     python3 generators/gen.py
# Deterministic (fixed seed); answers come from the reference solution below.
import os
import random
import shutil
from bisect import bisect_left

SECRET = os.path.join("data", "secret")
MAXH = 10**9


def solve(h):
    tails = []
    for x in h:
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


def write(name, h):
    assert 1 <= len(h) <= 200000 and all(0 <= x <= MAXH for x in h)
    os.makedirs(SECRET, exist_ok=True)
    with open(os.path.join(SECRET, name + ".in"), "w") as f:
        f.write("%d\n" % len(h))
        f.write(" ".join(map(str, h)) + "\n")
    with open(os.path.join(SECRET, name + ".ans"), "w") as f:
        f.write("%d\n" % solve(h))


def main():
    rng = random.Random(7031)
    if os.path.isdir(SECRET):
        shutil.rmtree(SECRET)

    write("01-single-zero", [0])
    write("02-single-max", [MAXH])
    write("03-two-equal", [5, 5])
    write("04-tiny-random", [rng.randint(0, 9) for _ in range(10)])
    write("05-all-equal", [MAXH] * 1000)
    write("06-increasing", list(range(1000)))
    write("07-decreasing", list(range(MAXH, MAXH - 1000, -1)))
    write("08-few-values", [rng.randint(0, 10) for _ in range(2000)])
    # Every value twice in a row: strict answer is half the length.
    write("09-doubled-staircase", [i // 2 for i in range(5000)])
    # Extreme values near the top of the range, mostly increasing with noise.
    h = sorted(rng.sample(range(MAXH - 10**6, MAXH + 1), 20000))
    for _ in range(5000):
        i, j = rng.randrange(20000), rng.randrange(20000)
        h[i], h[j] = h[j], h[i]
    write("10-big-values", h)
    # Increasing trend with zigzag: 0 3 1 4 2 5 ...
    write("11-zigzag", [i // 2 + (i % 2) * 3 for i in range(50000)])
    # Maximum n, random.
    write("12-max-random", [rng.randint(0, 10**5) for _ in range(200000)])
    # Maximum n, non-decreasing with many repeats: the non-strict answer is n.
    h = sorted(rng.randint(0, 999) for _ in range(200000))
    write("13-max-sorted-repeats", h)


if __name__ == "__main__":
    main()
