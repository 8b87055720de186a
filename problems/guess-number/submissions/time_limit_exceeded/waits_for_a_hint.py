# Waits for a hint the judge never sends: both sides wait on each other until the wall clock
# runs out.
import sys

n = int(sys.stdin.readline())
hint = sys.stdin.readline()
print("guess", 1, flush=True)
