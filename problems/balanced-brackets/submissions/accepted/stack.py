# Classic stack: push opening brackets, pop and compare on closing ones. O(|s|) per case.
import sys

MATCH = {")": "(", "]": "[", "}": "{"}


def balanced(s):
    stack = []
    push = stack.append
    for c in s:
        if c in "([{":
            push(c)
        elif not stack or stack.pop() != MATCH[c]:
            return False
    return not stack


def main():
    lines = sys.stdin.read().split()
    t = int(lines[0])
    out = ["YES" if balanced(s) else "NO" for s in lines[1:1 + t]]
    sys.stdout.write("\n".join(out) + "\n")


main()
