# BUG: list cut short: prefix sums are built over the first 10^5 elements only
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    q = int(data[1])
    pre = [0] * (n + 1)
    s = 0
    for i in range(min(n, 100000)):
        s += int(data[2 + i])
        pre[i + 1] = s
    for i in range(min(n, 100000), n):
        pre[i + 1] = s
    out = []
    pos = 2 + n
    for _ in range(q):
        l = int(data[pos])
        r = int(data[pos + 1])
        pos += 2
        out.append(pre[r] - pre[l - 1])
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
