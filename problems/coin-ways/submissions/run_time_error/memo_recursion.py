# Memoized version of the recursion over (coin index, remaining amount). Fast enough
# in principle, but it recurses once per coin taken: with small coins and a large
# amount the depth far exceeds Python's default recursion limit (RecursionError).
import sys
from functools import lru_cache

MOD = 10**9 + 7


def main():
    data = sys.stdin.buffer.read().split()
    k = int(data[0])
    s = int(data[1])
    coins = [int(x) for x in data[2:2 + k]]

    @lru_cache(maxsize=None)
    def ways(i, rem):
        if rem == 0:
            return 1
        if rem < 0 or i == k:
            return 0
        return (ways(i, rem - coins[i]) + ways(i + 1, rem)) % MOD

    print(ways(0, s))


main()
