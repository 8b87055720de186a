# Naive: for every distinct word, count its occurrences with list.count, a full pass
# over all n words. O(n * number of distinct words): quadratic when most words differ.
import sys


def main():
    words = sys.stdin.read().split()
    best_word = None
    best_count = 0
    for w in sorted(set(words)):
        c = words.count(w)
        if c > best_count:
            best_word, best_count = w, c
    print(best_word, best_count)


main()
