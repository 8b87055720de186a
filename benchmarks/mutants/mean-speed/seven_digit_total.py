# BUG: precision growing with size: the running total time keeps 7 significant digits
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    total_dist = 0
    total_time = 0.0
    for i in range(n):
        d = int(data[1 + 2 * i])
        v = int(data[2 + 2 * i])
        total_dist += d
        total_time = float('%.7g' % (total_time + d / v))
    print('%.9f' % (total_dist / total_time))


main()
