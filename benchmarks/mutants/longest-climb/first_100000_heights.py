# BUG: list cut short: only the first 10^5 heights are read
import sys
from bisect import bisect_left


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    tails = []
    for tok in data[1:1 + min(n, 100000)]:
        x = int(tok)
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    print(len(tails))


main()
