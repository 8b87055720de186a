# Binary search over [1, N-1] instead of [1, N]: wrong whenever X = N.
import sys

n = int(sys.stdin.readline())
lo, hi = 1, n - 1
while True:
    mid = (lo + hi) // 2
    print("guess", mid, flush=True)
    reply = sys.stdin.readline().strip()
    if reply != "higher" and reply != "lower":
        break
    if reply == "higher":
        lo = mid + 1
    else:
        hi = mid - 1
