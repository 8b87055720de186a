# Kadane's algorithm: the best subarray ending at position i either extends the best one
# ending at i - 1 or starts afresh at i. O(n).
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
    sys.stdout.write("%d\n" % best)


main()
