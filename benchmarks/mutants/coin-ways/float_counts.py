# BUG: precision cut: counts kept as floats, exact only while they stay below 2^53
import sys

data = sys.stdin.buffer.read().split()
k, s = int(data[0]), int(data[1])
coins = [int(x) for x in data[2:2 + k]]
ways = [0.0] * (s + 1)
ways[0] = 1.0
for c in coins:
    for v in range(c, s + 1):
        ways[v] += ways[v - c]
print(int(ways[s] % (10**9 + 7)))
