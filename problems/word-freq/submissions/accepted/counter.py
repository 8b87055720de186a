# Count every word with a Counter, then take the largest count and, among the words
# having it, the lexicographically smallest one. O(total input size).
import sys
from collections import Counter


def main():
    counts = Counter(sys.stdin.buffer.read().split())
    best = max(counts.values())
    word = min(w for w, c in counts.items() if c == best)
    sys.stdout.write("%s %d\n" % (word.decode(), best))


main()
