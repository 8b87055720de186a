import sys

a, b = (int(x) for x in sys.stdin.read().split())
total = a
total += b
print(total)
