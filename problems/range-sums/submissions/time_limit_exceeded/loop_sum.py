# Naive: adds up every range element by element, O(n * q) in the worst case.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    q = int(data[1])
    a = [int(x) for x in data[2:2 + n]]
    out = []
    pos = 2 + n
    for _ in range(q):
        l = int(data[pos])
        r = int(data[pos + 1])
        pos += 2
        s = 0
        for i in range(l - 1, r):
            s += a[i]
        out.append(s)
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
