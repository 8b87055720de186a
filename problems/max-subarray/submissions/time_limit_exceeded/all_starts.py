# Naive: for every start l, extends the subarray to the right keeping a running sum and
# remembers the best one. Correct, but O(n^2) additions.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    a = [int(x) for x in data[1:1 + n]]
    best = a[0]
    for l in range(n):
        s = 0
        for r in range(l, n):
            s += a[r]
            if s > best:
                best = s
    print(best)


main()
