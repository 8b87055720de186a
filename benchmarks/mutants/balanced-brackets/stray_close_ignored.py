# BUG: missed edge case: a closing bracket with an empty stack is skipped instead of failing
import sys

MATCH = {")": "(", "]": "[", "}": "{"}


def balanced(s):
    stack = []
    for c in s:
        if c in "([{":
            stack.append(c)
        elif stack and stack.pop() != MATCH[c]:
            return False
    return not stack


lines = sys.stdin.read().split()
t = int(lines[0])
print("\n".join("YES" if balanced(s) else "NO" for s in lines[1:1 + t]))
