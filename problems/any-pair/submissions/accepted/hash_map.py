import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, t = int(data[0]), int(data[1])
    a = list(map(int, data[2:2 + n]))
    seen = {}
    get = seen.get
    for j, x in enumerate(a):
        i = get(t - x)
        if i is not None:
            print(i + 1, j + 1)
            return
        if x not in seen:
            seen[x] = j
    print('impossible')


main()
