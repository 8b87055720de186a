# Counts up from 1: right answer, but far more than 30 guesses when X is large.
import sys

n = int(sys.stdin.readline())
for g in range(1, n + 1):
    print("guess", g, flush=True)
    if sys.stdin.readline().strip() == "correct":
        break
