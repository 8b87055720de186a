# Bug: pops the stack on every closing bracket without checking that it is non-empty, so a
# string with an unmatched closing bracket (like ")(" or "())") raises IndexError.
import sys

MATCH = {")": "(", "]": "[", "}": "{"}


def balanced(s):
    stack = []
    for c in s:
        if c in "([{":
            stack.append(c)
        elif stack.pop() != MATCH[c]:
            return False
    return not stack


def main():
    lines = sys.stdin.read().split()
    t = int(lines[0])
    out = ["YES" if balanced(s) else "NO" for s in lines[1:1 + t]]
    sys.stdout.write("\n".join(out) + "\n")


main()
