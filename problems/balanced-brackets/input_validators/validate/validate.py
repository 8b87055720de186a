#!/usr/bin/env python3
# Input validator for "Balanced Brackets": exit 42 if stdin is a valid input, 43 otherwise.
import re
import sys

INT = re.compile(r"(0|[1-9][0-9]*)\Z")
BRACKETS = re.compile(r"[()\[\]{}]+\Z")


def fail(msg):
    sys.stderr.write("invalid input: " + msg + "\n")
    sys.exit(43)


def main():
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        fail("non-ASCII bytes")
    if not text.endswith("\n"):
        fail("input must end with a newline")
    lines = text[:-1].split("\n")

    first = lines[0]
    if not INT.match(first) or len(first) > 3:
        fail("first line must be the integer t, got %r" % first[:30])
    t = int(first)
    if not 1 <= t <= 10:
        fail("t = %d out of range [1, 10]" % t)
    if len(lines) != 1 + t:
        fail("expected %d lines, got %d" % (1 + t, len(lines)))

    total = 0
    for i in range(t):
        s = lines[1 + i]
        if not 1 <= len(s) <= 200000:
            fail("test case %d has length %d, not in [1, 200000]" % (i + 1, len(s)))
        if not BRACKETS.match(s):
            fail("test case %d contains a character other than ()[]{}" % (i + 1))
        total += len(s)
    if total > 400000:
        fail("total length %d exceeds 400000" % total)
    sys.exit(42)


if __name__ == "__main__":
    main()
