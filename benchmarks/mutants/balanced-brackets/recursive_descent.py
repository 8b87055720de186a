# BUG: recursion depth: a recursive parser crashes on deeply nested strings
import sys

sys.setrecursionlimit(10000)
MATCH = {"(": ")", "[": "]", "{": "}"}


def parse(s, i):
    """Parse a sequence of balanced groups from i; return the index after it or -1."""
    while i < len(s) and s[i] in MATCH:
        j = parse(s, i + 1)
        if j < 0 or j >= len(s) or s[j] != MATCH[s[i]]:
            return -1
        i = j + 1
    return i


def balanced(s):
    return parse(s, 0) == len(s)


lines = sys.stdin.read().split()
t = int(lines[0])
print("\n".join("YES" if balanced(s) else "NO" for s in lines[1:1 + t]))
