# BUG: list cut short: only the first 10^5 words are counted
import sys
from collections import Counter


def main():
    counts = Counter(sys.stdin.buffer.read().split()[:100000])
    best = max(counts.values())
    word = min(w for w, c in counts.items() if c == best)
    sys.stdout.write("%s %d\n" % (word.decode(), best))


main()
