# BUG: splits on spaces only, so the words at a line break are glued together
import sys
from collections import Counter

text = sys.stdin.read().strip("\n")
counts = Counter(w for w in text.split(" ") if w)
best = max(counts.values())
print(min(w for w, c in counts.items() if c == best), best)
