# Regenerates data/secret/ from scratch. Run from the package directory:
#     python3 generators/gen.py
# Deterministic (fixed seed); answers come from the reference DP below.
import os
import random
import shutil

SECRET = os.path.join("data", "secret")
MOD = 10**9 + 7
MAXC = 10**4


def solve(coins, s):
    dp = [0] * (s + 1)
    dp[0] = 1
    for c in coins:
        for v in range(c, s + 1):
            dp[v] = (dp[v] + dp[v - c]) % MOD
    return dp[s]


def write(name, coins, s):
    k = len(coins)
    assert 1 <= k <= 100 and 0 <= s <= 10**5 and k * s <= 10**6
    assert len(set(coins)) == k and all(1 <= c <= MAXC for c in coins)
    os.makedirs(SECRET, exist_ok=True)
    with open(os.path.join(SECRET, name + ".in"), "w") as f:
        f.write("%d %d\n" % (k, s))
        f.write(" ".join(map(str, coins)) + "\n")
    with open(os.path.join(SECRET, name + ".ans"), "w") as f:
        f.write("%d\n" % solve(coins, s))


def main():
    rng = random.Random(424242)
    if os.path.isdir(SECRET):
        shutil.rmtree(SECRET)

    write("01-single-coin-zero", [MAXC], 0)
    write("02-single-coin-one", [1], 10**5)
    write("03-single-coin-miss", [MAXC], 99999)
    # Only even coins and an odd amount: no way at all.
    write("04-all-even-odd-amount", rng.sample(range(2, MAXC + 1, 2), 50), 19999)
    write("05-tiny-random", rng.sample(range(1, 11), 5), 30)
    # Every coin is larger than the amount: answer 0.
    write("06-coins-above-s", rng.sample(range(5000, MAXC + 1), 100), 4999)
    # One coin exactly equal to s, all the others larger: answer 1.
    write("07-one-coin-fits", rng.sample(range(5001, MAXC + 1), 99) + [5000], 5000)
    write("08-small-random", rng.sample(range(1, 60), 12), 500)
    write("09-coins-1-to-100", list(range(1, 101)), 10**4)
    write("10-coins-1-to-10-max-s", list(range(10, 0, -1)), 10**5)
    write("11-powers-of-two", [1 << i for i in range(14)], 71428)
    write("12-two-big-coprime", [9999, MAXC], 10**5)
    write("13-random-full-range", rng.sample(range(1, MAXC + 1), 100), 10**4)
    write("14-random-small-coins", rng.sample(range(1, 201), 50), 20000)
    write("15-random-max-s", rng.sample(range(1, 51), 10), 10**5)
    # Large coins only, amount a multiple of none of them.
    write("16-large-coins", rng.sample(range(3000, MAXC + 1), 20), 50000)


if __name__ == "__main__":
    main()
