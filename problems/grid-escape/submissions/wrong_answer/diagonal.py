# Bug: BFS that also allows the four diagonal moves (8-neighbourhood).
import sys


def main():
    data = sys.stdin.buffer.read().split()
    r = int(data[0])
    c = int(data[1])
    w = c + 1  # one '#' after every row acts as the left/right border
    grid = b"#" * w + b"#".join(data[2:2 + r]) + b"#" + b"#" * (w + 1)
    s = grid.find(b"S")
    e = grid.find(b"E")
    free = bytearray(grid.translate(bytes.maketrans(b".#SE", b"\x01\x00\x01\x01")))
    free[s] = 0
    steps = (1, -1, w, -w, w + 1, w - 1, 1 - w, -1 - w)
    frontier = [s]
    d = 0
    while frontier:
        d += 1
        nxt = []
        for p in frontier:
            for k in steps:
                q = p + k
                if free[q]:
                    free[q] = 0
                    nxt.append(q)
        if not free[e]:
            print(d)
            return
        frontier = nxt
    print(-1)


main()
