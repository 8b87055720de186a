# Bug: only checks that each bracket type has as many openings as closings, ignoring the
# order and the nesting, so strings like ")(" or "([)]" are wrongly answered YES.
import sys


def main():
    lines = sys.stdin.read().split()
    t = int(lines[0])
    out = []
    for s in lines[1:1 + t]:
        ok = (s.count("(") == s.count(")")
              and s.count("[") == s.count("]")
              and s.count("{") == s.count("}"))
        out.append("YES" if ok else "NO")
    sys.stdout.write("\n".join(out) + "\n")


main()
