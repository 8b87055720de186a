# BUG: list cut short: only the first 4 * 10^4 values are searched (a buffer sized for an old limit)
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, t = int(data[0]), int(data[1])
    a = list(map(int, data[2:2 + min(n, 40000)]))
    seen = {}
    for j, x in enumerate(a):
        i = seen.get(t - x)
        if i is not None:
            print(i + 1, j + 1)
            return
        if x not in seen:
            seen[x] = j
    print('impossible')


main()
