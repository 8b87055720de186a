# Classic unbounded-knapsack counting: ways[v] = number of multisets of the coins
# processed so far that sum to v. Taking the coins one value at a time (outer loop)
# counts every multiset exactly once. O(k * s).
import sys


def main():
    data = sys.stdin.buffer.read().split()
    k = int(data[0])
    s = int(data[1])
    coins = [int(x) for x in data[2:2 + k]]
    MOD = 10**9 + 7
    ways = [0] * (s + 1)
    ways[0] = 1
    for c in coins:
        for v in range(c, s + 1):
            ways[v] = (ways[v] + ways[v - c]) % MOD
    print(ways[s])


main()
