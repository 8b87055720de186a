# Run from the package directory: python3 generators/gen.py
# Regenerates data/secret/ from scratch (deterministic, fixed seed).
# The .ans files hold one valid pair (or "impossible"); the output validator
# only uses them to know whether a pair exists.
import os
import random
import shutil

random.seed(424242)

LIM = 10**9
MAXN = 2 * 10**5


def solve(t, a):
    seen = {}
    for j, x in enumerate(a):
        i = seen.get(t - x)
        if i is not None:
            return '%d %d' % (i + 1, j + 1)
        if x not in seen:
            seen[x] = j
    return 'impossible'


def no_pair(n, t, lo, hi, forbid=()):
    """n random values in [lo, hi], none in forbid, such that no two
    positions sum to t."""
    a = []
    used = set()
    forbid = set(forbid)
    while len(a) < n:
        x = random.randint(lo, hi)
        if 2 * x == t or (t - x) in used or x in forbid:
            continue
        used.add(x)
        a.append(x)
    return a


def planted(n, t, lo, hi, pos=None):
    """Exactly one pair summing to t, at positions pos (0-based, random by default)."""
    x = random.randint(max(lo, t - hi), min(hi, t - lo))
    while 2 * x == t:
        x = random.randint(max(lo, t - hi), min(hi, t - lo))
    a = no_pair(n - 2, t, lo, hi, forbid=(x, t - x))
    if pos is None:
        pos = sorted(random.sample(range(n), 2))
    a.insert(pos[0], x)
    a.insert(pos[1], t - x)
    return a


cases = []
cases.append((10, [5, 5]))
cases.append((10, [5, 6]))                            # only a "self pair"
cases.append((2 * LIM, [LIM, LIM]))
cases.append((-2 * LIM, [-LIM, -LIM]))
cases.append((0, [-LIM, LIM, 0]))
cases.append((8, [4, 1, 9, 3, 7]))                    # a_1 * 2 == t, real pair later
t = random.randint(-20, 20)
cases.append((t, no_pair(6, t, -10, 10)))
cases.append((14, [7] * 1000))
cases.append((15, [7] * 1000))
t = random.randint(-2 * LIM, 2 * LIM)
cases.append((t, planted(1000, t, -LIM, LIM)))
t = 2 * random.randint(-LIM, LIM)
a = no_pair(999, t, -LIM, LIM)
a.insert(random.randrange(1000), t // 2)              # t/2 appears exactly once
cases.append((t, a))
cases.append((1999999999, [-LIM, LIM, 999999999, 5]))
cases.append((-2 * LIM, [LIM, -LIM, 999999999]))
t = random.randint(-LIM, LIM)
cases.append((t, planted(50000, t, -LIM, LIM, pos=(49998, 49999))))  # pair at the very end
t = random.randint(-10**5, 10**5)
cases.append((t, no_pair(MAXN, t, -10**5, 10**5)))   # maximal n, no pair
cases.append((3, [1] * MAXN))                         # maximal n, all equal, no pair

here = os.path.dirname(os.path.abspath(__file__))
secret = os.path.join(here, '..', 'data', 'secret')
shutil.rmtree(secret, ignore_errors=True)
os.makedirs(secret)
for k, (t, a) in enumerate(cases, 1):
    assert 2 <= len(a) <= MAXN and abs(t) <= 2 * LIM and all(abs(x) <= LIM for x in a)
    name = os.path.join(secret, '%02d' % k)
    with open(name + '.in', 'w') as f:
        f.write('%d %d\n' % (len(a), t))
        f.write(' '.join(map(str, a)) + '\n')
    with open(name + '.ans', 'w') as f:
        f.write(solve(t, a) + '\n')
