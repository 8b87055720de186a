# BUG: cut-off: words are counted by their first 10 letters only
import sys
from collections import Counter

words = sys.stdin.read().split()
counts = Counter(w[:10] for w in words)
full = {}
for w in words:
    full.setdefault(w[:10], w)
best = max(counts.values())
key = min((k for k, c in counts.items() if c == best), key=lambda k: full[k])
print(full[key], best)
