# Bug: the loops are swapped (amount outside, coins inside), so this counts ordered
# sequences of coins: 1+2+2, 2+1+2 and 2+2+1 are counted as three different ways.
# It is still right whenever every payment uses a single coin value (or none exists).
import sys


def main():
    data = sys.stdin.buffer.read().split()
    k = int(data[0])
    s = int(data[1])
    coins = [int(x) for x in data[2:2 + k]]
    MOD = 10**9 + 7
    ways = [0] * (s + 1)
    ways[0] = 1
    for v in range(1, s + 1):
        total = 0
        for c in coins:
            if c <= v:
                total += ways[v - c]
        ways[v] = total % MOD
    print(ways[s])


main()
