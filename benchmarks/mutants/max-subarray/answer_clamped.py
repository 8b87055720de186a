# BUG: clamp: the best sum is capped at 10^12, as if sums could not grow past it
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    best = cur = int(data[1])
    for tok in data[2:1 + n]:
        x = int(tok)
        cur = cur + x if cur > 0 else x
        if cur > best:
            best = cur
    sys.stdout.write("%d\n" % min(best, 10**12))


main()
