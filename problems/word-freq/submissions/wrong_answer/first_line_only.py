# Bug: reads only the first line of the text with input(), ignoring the other lines.
from collections import Counter


def main():
    counts = Counter(input().split())
    best = max(counts.values())
    word = min(w for w, c in counts.items() if c == best)
    print(word, best)


main()
