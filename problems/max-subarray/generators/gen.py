# Regenerates data/secret/ from scratch. Run from the package directory:
#     python3 generators/gen.py
# Deterministic (fixed seed); answers come from the reference solution below.
import os
import random
import shutil

SECRET = os.path.join("data", "secret")
MAXV = 10**9


def solve(a):
    # Kadane's algorithm over non-empty subarrays.
    best = cur = a[0]
    for x in a[1:]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best


def write(group, name, a):
    assert 1 <= len(a) <= 200000 and all(-MAXV <= x <= MAXV for x in a)
    d = os.path.join(SECRET, group)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".in"), "w") as f:
        f.write("%d\n" % len(a))
        f.write(" ".join(map(str, a)) + "\n")
    with open(os.path.join(d, name + ".ans"), "w") as f:
        f.write("%d\n" % solve(a))


def main():
    rng = random.Random(20230715)
    if os.path.isdir(SECRET):
        shutil.rmtree(SECRET)

    # --- small group ---
    write("small", "01-single-positive", [MAXV])
    write("small", "02-single-negative", [-MAXV])
    write("small", "03-single-zero", [0])
    write("small", "04-all-negative", [rng.randint(-100, -1) for _ in range(10)])
    write("small", "05-tiny-random", [rng.randint(-10, 10) for _ in range(20)])
    write("small", "06-zeros-and-negatives",
          [rng.choice((0, rng.randint(-MAXV, -1))) for _ in range(1000)])
    # Large positive blocks at both ends, separated by a costly negative middle.
    a = [rng.randint(-50, 50) for _ in range(1000)]
    a[0] = a[-1] = MAXV
    a[500] = -MAXV
    write("small", "07-best-at-ends", a)
    write("small", "08-two-elements", [-5, -3])

    # --- large group ---
    write("large", "01-all-equal-max", [MAXV] * 20000)
    write("large", "02-all-equal-negative-max-n", [-7] * 200000)
    write("large", "03-alternating-cancel", [MAXV if i % 2 == 0 else -MAXV for i in range(20000)])
    write("large", "04-alternating-growing",
          [MAXV if i % 2 == 0 else -(MAXV - 1) for i in range(10001)])
    write("large", "05-random-small-max-n", [rng.randint(-9, 9) for _ in range(200000)])
    write("large", "06-random-big", [rng.randint(-MAXV, MAXV) for _ in range(20000)])
    write("large", "07-all-negative-random", [rng.randint(-MAXV, -1) for _ in range(10000)])
    a = [-MAXV] * 10000
    a[rng.randrange(10000)] = 5
    write("large", "08-one-positive", a)
    write("large", "09-mostly-positive", [rng.randint(-MAXV // 10, MAXV) for _ in range(10000)])
    write("large", "10-negative-drift", [rng.randint(-MAXV, MAXV // 2) for _ in range(10000)])


if __name__ == "__main__":
    main()
