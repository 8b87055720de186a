# O(n log n): tails[k] = smallest possible last value of a strictly increasing
# subsequence of length k + 1; bisect_left keeps the subsequence strict.
import sys
from bisect import bisect_left


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    tails = []
    app = tails.append
    for tok in data[1:1 + n]:
        x = int(tok)
        k = bisect_left(tails, x)
        if k == len(tails):
            app(x)
        else:
            tails[k] = x
    print(len(tails))


main()
