# Bug: BFS on a flat array without a border column; only checks 0 <= index < R*C,
# so moving right from the last column wraps to the first column of the next row
# (and left from the first column to the last column of the previous row).
import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    r = int(data[0])
    c = int(data[1])
    g = b"".join(data[2:2 + r])
    n = r * c
    s = g.find(b"S")
    e = g.find(b"E")
    dist = [-1] * n
    dist[s] = 0
    dq = deque([s])
    while dq:
        p = dq.popleft()
        if p == e:
            break
        for q in (p - 1, p + 1, p - c, p + c):
            if 0 <= q < n and g[q] != 35 and dist[q] == -1:  # 35 == ord('#')
                dist[q] = dist[p] + 1
                dq.append(q)
    print(dist[e])


main()
