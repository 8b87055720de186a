# Run from the package directory: python3 generators/gen.py
# Regenerates data/secret/ from scratch (deterministic, fixed seed).
import os
import random
import shutil

random.seed(20240501)

LIM = 10**18


def solve(a, b):
    return a + b


def rnd(lo, hi):
    return random.randint(lo, hi)


cases = [
    (0, 0),
    (1, -1),
    (LIM, LIM),
    (-LIM, -LIM),
    (LIM, -LIM),
    (-LIM, 1),
    (999999999999999999, 1),            # not exactly representable as a double
    (2147483647, 1),                    # overflows 32-bit
    (-2147483648, -1),                  # overflows 32-bit
    (123456789012345678, 876543210987654321),
    (rnd(-LIM, LIM), rnd(-LIM, LIM)),
    (rnd(-LIM, LIM), rnd(-LIM, LIM)),
    (rnd(10**17, LIM), rnd(10**17, LIM)),
    (rnd(-LIM, -10**17), rnd(10**17, LIM)),
]

here = os.path.dirname(os.path.abspath(__file__))
secret = os.path.join(here, '..', 'data', 'secret')
shutil.rmtree(secret, ignore_errors=True)
os.makedirs(secret)
for i, (a, b) in enumerate(cases, 1):
    name = os.path.join(secret, '%02d' % i)
    with open(name + '.in', 'w') as f:
        f.write('%d %d\n' % (a, b))
    with open(name + '.ans', 'w') as f:
        f.write('%d\n' % solve(a, b))
