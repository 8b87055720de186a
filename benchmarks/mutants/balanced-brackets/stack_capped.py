# BUG: clamp: the stack holds at most 5 * 10^4 brackets; deeper openings are dropped
import sys

MATCH = {")": "(", "]": "[", "}": "{"}


def balanced(s):
    stack = []
    for c in s:
        if c in "([{":
            if len(stack) < 50000:
                stack.append(c)
        elif not stack or stack.pop() != MATCH[c]:
            return False
    return not stack


def main():
    lines = sys.stdin.read().split()
    t = int(lines[0])
    out = ["YES" if balanced(s) else "NO" for s in lines[1:1 + t]]
    sys.stdout.write("\n".join(out) + "\n")


main()
