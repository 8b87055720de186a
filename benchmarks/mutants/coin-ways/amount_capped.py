# BUG: clamp: the DP table stops at 5 * 10^4, so larger amounts are answered for 5 * 10^4
import sys


def main():
    data = sys.stdin.buffer.read().split()
    k = int(data[0])
    s = min(int(data[1]), 50000)
    coins = [int(x) for x in data[2:2 + k]]
    MOD = 10**9 + 7
    ways = [0] * (s + 1)
    ways[0] = 1
    for c in coins:
        for v in range(c, s + 1):
            ways[v] = (ways[v] + ways[v - c]) % MOD
    print(ways[s])


main()
