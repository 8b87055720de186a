# Bug: bisect_right computes the longest NON-DECREASING subsequence, so equal
# heights are counted more than once.
import sys
from bisect import bisect_right


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    tails = []
    for tok in data[1:1 + n]:
        x = int(tok)
        k = bisect_right(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    print(len(tails))


main()
