# Naive: keep erasing adjacent matching pairs "()", "[]", "{}" until nothing changes; the
# string is balanced iff it ends up empty. Correct, but on deep nesting like "((((...))))"
# each pass removes only one pair, so it takes ~|s|/2 passes of O(|s|) each: quadratic.
import sys


def balanced(s):
    while True:
        t = s.replace("()", "").replace("[]", "").replace("{}", "")
        if t == s:
            return not s
        s = t


def main():
    lines = sys.stdin.read().split()
    t = int(lines[0])
    out = ["YES" if balanced(s) else "NO" for s in lines[1:1 + t]]
    sys.stdout.write("\n".join(out) + "\n")


main()
