# BUG: overflow-like cut-off: a Fenwick tree over values clamps heights above 10^6
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
LIMIT = 10**6
tree = [0] * (LIMIT + 2)


def query(i):
    best = 0
    while i > 0:
        if tree[i] > best:
            best = tree[i]
        i -= i & -i
    return best


def update(i, v):
    while i <= LIMIT + 1:
        if tree[i] < v:
            tree[i] = v
        i += i & -i


answer = 0
for tok in data[1:1 + n]:
    x = min(int(tok), LIMIT) + 1
    length = query(x - 1) + 1
    update(x, length)
    answer = max(answer, length)
print(answer)
