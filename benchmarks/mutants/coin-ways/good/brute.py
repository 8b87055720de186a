import sys
from functools import lru_cache

data = sys.stdin.read().split()
k, s = int(data[0]), int(data[1])
coins = [int(x) for x in data[2:2 + k]]


@lru_cache(maxsize=None)
def ways(i, rest):
    """Multisets of coins[i:] summing to rest: choose how many of coins[i], then go on."""
    if i == len(coins):
        return 1 if rest == 0 else 0
    return sum(ways(i + 1, rest - m * coins[i]) for m in range(rest // coins[i] + 1))


print(ways(0, s) % (10**9 + 7))
