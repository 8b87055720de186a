# BUG: wrong tie-break: among the most frequent words, the first one seen wins
import sys
from collections import Counter

counts = Counter(sys.stdin.read().split())
best = max(counts.values())
word = next(w for w, c in counts.items() if c == best)
print(word, best)
