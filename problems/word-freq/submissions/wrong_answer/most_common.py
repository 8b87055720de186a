# Bug: Counter.most_common keeps insertion order among equal counts, so on a tie this
# prints the word that occurs first in the text, not the lexicographically smallest.
import sys
from collections import Counter


def main():
    words = sys.stdin.read().split()
    word, count = Counter(words).most_common(1)[0]
    print(word, count)


main()
