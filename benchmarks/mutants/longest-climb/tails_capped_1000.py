# BUG: clamp: the tails list never grows past 1000 entries, so no answer exceeds 1000
import sys
from bisect import bisect_left


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    tails = []
    for tok in data[1:1 + n]:
        x = int(tok)
        k = bisect_left(tails, x)
        if k == len(tails):
            if len(tails) < 1000:
                tails.append(x)
        else:
            tails[k] = x
    print(len(tails))


main()
