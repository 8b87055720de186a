import sys


def main() -> None:
    n = int(sys.stdin.readline())
    lo, hi = 1, n
    while True:
        mid = (lo + hi) // 2
        print("guess", mid, flush=True)
        reply = sys.stdin.readline().strip()
        if reply == "correct":
            return
        if reply == "higher":
            lo = mid + 1
        else:
            hi = mid - 1


main()
