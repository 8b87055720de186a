import sys
from fractions import Fraction

data = sys.stdin.read().split()
n = int(data[0])
legs = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
distance = sum(d for d, _ in legs)
hours = sum(Fraction(d, v) for d, v in legs)  # exact
print("%.9f" % float(Fraction(distance) / hours))
