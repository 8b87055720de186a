import sys
from itertools import combinations

data = sys.stdin.read().split()
n = int(data[0])
h = [int(x) for x in data[1:1 + n]]
best = 0
for length in range(1, n + 1):  # every subsequence, longest strictly increasing wins
    for idx in combinations(range(n), length):
        if all(h[a] < h[b] for a, b in zip(idx, idx[1:])):
            best = length
            break
print(best)
