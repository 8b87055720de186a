# BUG: slow only on adversarial input: popping copies the stack, quadratic on deep nesting
import sys

MATCH = {")": "(", "]": "[", "}": "{"}


def balanced(s):
    stack = ()
    for c in s:
        if c in "([{":
            stack = stack + (c,)
        else:
            if not stack or stack[-1] != MATCH[c]:
                return False
            stack = stack[:-1]
    return not stack


lines = sys.stdin.read().split()
t = int(lines[0])
print("\n".join("YES" if balanced(s) else "NO" for s in lines[1:1 + t]))
