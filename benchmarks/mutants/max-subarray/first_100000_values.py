# BUG: list cut short: only the first 10^5 values are read
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = min(int(data[0]), 100000)
    best = cur = int(data[1])
    for tok in data[2:1 + n]:
        x = int(tok)
        cur = cur + x if cur > 0 else x
        if cur > best:
            best = cur
    sys.stdout.write("%d\n" % best)


main()
