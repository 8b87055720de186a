# Bug: the textbook Kadane variant that starts from 0 and never lets the running sum go
# negative, i.e. it allows the empty subarray. When every element is negative it prints 0
# instead of the largest (least negative) element.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    best = cur = 0
    for tok in data[1:1 + n]:
        cur = max(0, cur + int(tok))
        best = max(best, cur)
    print(best)


main()
