# Naive: ways(i, rem) = ways using coins i.. only = take one more coin i, or move on
# to coin i + 1. Correct, but without memoization the number of calls is at least the
# number of ways itself, which is astronomically large on the big tests.
import sys

sys.setrecursionlimit(1 << 20)
MOD = 10**9 + 7


def main():
    data = sys.stdin.buffer.read().split()
    k = int(data[0])
    s = int(data[1])
    coins = [int(x) for x in data[2:2 + k]]

    def ways(i, rem):
        if rem == 0:
            return 1
        if rem < 0 or i == k:
            return 0
        return (ways(i, rem - coins[i]) + ways(i + 1, rem)) % MOD

    print(ways(0, s))


main()
