# BUG: clamp: the BFS gives up after 10^4 levels, as if no path were longer
import sys


def main():
    data = sys.stdin.buffer.read().split()
    r = int(data[0])
    c = int(data[1])
    rows = data[2:2 + r]
    w = c + 1
    grid = b"#" * w + b"#".join(rows) + b"#" + b"#" * w
    s = grid.find(b"S")
    e = grid.find(b"E")
    free = bytearray(grid.translate(bytes.maketrans(b".#SE", b"\x01\x00\x01\x01")))
    free[s] = 0
    frontier = [s]
    d = 0
    while frontier and d < 10000:
        d += 1
        nxt = []
        for p in frontier:
            for q in (p + 1, p - 1, p + w, p - w):
                if free[q]:
                    free[q] = 0
                    nxt.append(q)
        if not free[e]:
            print(d)
            return
        frontier = nxt
    print(-1)


main()
