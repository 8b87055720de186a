# BUG: wrong at large values: complements are looked up only when |t - x| <= 10^6 (a table sized for small values)
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, t = int(data[0]), int(data[1])
    a = list(map(int, data[2:2 + n]))
    seen = {}
    for j, x in enumerate(a):
        want = t - x
        if abs(want) <= 10**6:
            i = seen.get(want)
            if i is not None:
                print(i + 1, j + 1)
                return
        if abs(x) <= 10**6 and x not in seen:
            seen[x] = j
    print('impossible')


main()
