# Run from the package directory: python3 generators/gen.py
# Regenerates data/secret/ (groups small/ and large/) from scratch
# (deterministic, fixed seed). Answers are computed exactly with fractions.
import os
import random
import shutil
from fractions import Fraction

random.seed(7130)

MAXN = 10**5
MAXV = 10**4


def solve(legs):
    total_d = sum(d for d, _ in legs)
    total_t = Fraction(0)
    for d, v in legs:
        total_t += Fraction(d, v)
    return Fraction(total_d) / total_t


def rnd_legs(n, dlo, dhi, vlo, vhi):
    return [(random.randint(dlo, dhi), random.randint(vlo, vhi)) for _ in range(n)]


small = [
    [(1, 1)],
    [(MAXV, MAXV)],
    [(1, 1), (1, MAXV)],
    [(MAXV, 1), (1, MAXV)],
    [(3, 7), (5, 11), (2, 13)],
    [(random.randint(1, MAXV), 37) for _ in range(5)],   # all speeds equal
    rnd_legs(10, 1, MAXV, 1, MAXV),
    rnd_legs(100, 1, 100, 1, 100),
    rnd_legs(1000, 1, MAXV, 1, MAXV),
]

large = [
    rnd_legs(MAXN, 1, MAXV, 1, MAXV),                          # maximal n
    rnd_legs(MAXN, 1, 9, 1, 99),                               # maximal n, short lines
    [(MAXV, MAXV)] * 20000,                                    # all equal, huge total distance
    [(random.randint(1, MAXV), random.choice((1, MAXV))) for _ in range(20000)],
    [(MAXV, random.randint(1, MAXV)) for _ in range(30000)],   # total distance 3e8
]

here = os.path.dirname(os.path.abspath(__file__))
secret = os.path.join(here, '..', 'data', 'secret')
shutil.rmtree(secret, ignore_errors=True)
for group, cases in (('small', small), ('large', large)):
    os.makedirs(os.path.join(secret, group))
    for i, legs in enumerate(cases, 1):
        name = os.path.join(secret, group, '%02d' % i)
        with open(name + '.in', 'w') as f:
            f.write('%d\n' % len(legs))
            f.write(''.join('%d %d\n' % leg for leg in legs))
        ans = solve(legs)
        with open(name + '.ans', 'w') as f:
            f.write('%.9f\n' % ans)
