# Regenerates data/secret/ from scratch. Run from the package directory:
#     python3 generators/gen.py
# Deterministic (fixed seed); answers come from the reference solution below.
import os
import random
import shutil

SECRET = os.path.join("data", "secret")
MAXV = 10**9


def solve(a, queries):
    pre = [0]
    for x in a:
        pre.append(pre[-1] + x)
    return [pre[r] - pre[l - 1] for l, r in queries]


def write(group, name, a, queries):
    d = os.path.join(SECRET, group)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".in"), "w") as f:
        f.write("%d %d\n" % (len(a), len(queries)))
        f.write(" ".join(map(str, a)) + "\n")
        f.write("".join("%d %d\n" % lr for lr in queries))
    with open(os.path.join(d, name + ".ans"), "w") as f:
        f.write("".join("%d\n" % s for s in solve(a, queries)))


def random_queries(rng, n, q):
    out = []
    for _ in range(q):
        l = rng.randint(1, n)
        r = rng.randint(1, n)
        if l > r:
            l, r = r, l
        out.append((l, r))
    return out


def wide_queries(rng, n, q, slack):
    # Ranges that cover almost the whole array: the naive sum does ~n work per query.
    out = []
    for _ in range(q):
        l = rng.randint(1, min(n, slack))
        r = rng.randint(max(l, n - slack + 1), n)
        out.append((l, r))
    return out


def main():
    rng = random.Random(20230701)
    if os.path.isdir(SECRET):
        shutil.rmtree(SECRET)

    # --- small group ---
    write("small", "01-single", [MAXV], [(1, 1)])
    write("small", "02-single-negative", [-MAXV], [(1, 1), (1, 1)])
    a = [rng.randint(-20, 20) for _ in range(10)]
    write("small", "03-tiny-random", a,
          [(l, r) for l in range(1, 11) for r in range(l, 11)])
    write("small", "04-all-max", [MAXV] * 1000,
          [(1, 1000)] + random_queries(rng, 1000, 999))
    write("small", "05-all-min", [-MAXV] * 1000,
          [(1, 1000)] + random_queries(rng, 1000, 999))
    a = [rng.randint(-MAXV, MAXV) for _ in range(2000)]
    write("small", "06-point-queries", a, [(i, i) for i in range(1, 2001)])
    write("small", "07-all-zero", [0] * 3000, random_queries(rng, 3000, 3000))
    a = [rng.choice((-MAXV, MAXV, rng.randint(-MAXV, MAXV))) for _ in range(5000)]
    qs = [(1, rng.randint(1, 5000)) for _ in range(2500)]
    qs += [(rng.randint(1, 5000), 5000) for _ in range(2500)]
    rng.shuffle(qs)
    write("small", "08-prefix-suffix", a, qs)

    # --- large group ---
    n = 200000
    a = [rng.randint(-9, 9) for _ in range(n)]
    write("large", "01-max-n-wide", a, [(1, n)] + wide_queries(rng, n, 11999, 100))
    n = 20000
    a = [rng.randint(-MAXV, MAXV) for _ in range(n)]
    qs = [(rng.randint(1, n // 2), rng.randint(n // 2, n)) for _ in range(6000)]
    write("large", "02-big-values", a, qs)
    a = [rng.randint(0, 9) for _ in range(9)]
    write("large", "03-max-q", a, random_queries(rng, 9, 200000))


if __name__ == "__main__":
    main()
