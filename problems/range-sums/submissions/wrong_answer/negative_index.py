# Bug: prefix sums are 0-based and the code subtracts pre[l - 2]; for l = 1 this
# reads pre[-1] (the total sum) instead of 0, an off-by-one on the left end.
import sys
from itertools import accumulate


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    q = int(data[1])
    pre = list(accumulate(int(x) for x in data[2:2 + n]))
    out = []
    pos = 2 + n
    for _ in range(q):
        l = int(data[pos])
        r = int(data[pos + 1])
        pos += 2
        out.append(pre[r - 1] - pre[l - 2])
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
