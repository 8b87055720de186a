# Level-by-level BFS on a flat bytearray with a wall border (no bounds checks).
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
    while frontier:
        d += 1
        nxt = []
        app = nxt.append
        for p in frontier:
            q = p + 1
            if free[q]:
                free[q] = 0
                app(q)
            q = p - 1
            if free[q]:
                free[q] = 0
                app(q)
            q = p + w
            if free[q]:
                free[q] = 0
                app(q)
            q = p - w
            if free[q]:
                free[q] = 0
                app(q)
        if not free[e]:
            print(d)
            return
        frontier = nxt
    print(-1)


main()
