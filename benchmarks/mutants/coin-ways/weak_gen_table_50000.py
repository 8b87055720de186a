# BUG: cut-off: the table holds amounts up to 50000 only and prints 0 beyond (wrong only when s > 50000); stand-in: weak generator
import sys

data = sys.stdin.buffer.read().split()
k, s = int(data[0]), int(data[1])
coins = [int(x) for x in data[2:2 + k]]
MOD = 10**9 + 7
CAP = 50000
ways = [0] * (CAP + 1)
ways[0] = 1
for c in coins:
    for v in range(c, CAP + 1):
        ways[v] = (ways[v] + ways[v - c]) % MOD
print(ways[s] if s <= CAP else 0)
