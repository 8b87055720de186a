# BUG: wrong constant: counts modulo 10^9 + 9 instead of 10^9 + 7
import sys

data = sys.stdin.buffer.read().split()
k, s = int(data[0]), int(data[1])
coins = [int(x) for x in data[2:2 + k]]
MOD = 10**9 + 9
ways = [0] * (s + 1)
ways[0] = 1
for c in coins:
    for v in range(c, s + 1):
        ways[v] = (ways[v] + ways[v - c]) % MOD
print(ways[s])
