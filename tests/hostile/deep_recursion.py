"""Unbounded recursion with the recursion limit raised out of the way."""
import sys

sys.setrecursionlimit(1 << 30)


def down(n):
    return down(n + 1) + 1


print(down(0))
