# Naive: sums every range directly, O(n * q) in the worst case.
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
        out.append(sum(a[l - 1:r]))
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
