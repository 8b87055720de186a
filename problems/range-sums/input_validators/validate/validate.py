#!/usr/bin/env python3
# Input validator for "Range Sums": exit 42 if stdin is a valid input, 43 otherwise.
import re
import sys

INT = re.compile(r"-?(0|[1-9][0-9]*)\Z")


def fail(msg):
    sys.stderr.write("invalid input: " + msg + "\n")
    sys.exit(43)


def parse_int(tok, lo, hi, what):
    if not INT.match(tok) or tok == "-0":
        fail("bad integer token for %s: %r" % (what, tok[:30]))
    if len(tok) > 12:
        fail("%s out of range" % what)
    v = int(tok)
    if not lo <= v <= hi:
        fail("%s = %d out of range [%d, %d]" % (what, v, lo, hi))
    return v


def ints_of_line(line, count, what):
    toks = line.split(" ")
    if len(toks) != count:
        fail("expected %d integers on the %s line, got %d fields" % (count, what, len(toks)))
    return toks


def main():
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        fail("non-ASCII bytes")
    if not text.endswith("\n"):
        fail("input must end with a newline")
    lines = text[:-1].split("\n")

    if not lines:
        fail("empty input")
    t = ints_of_line(lines[0], 2, "first")
    n = parse_int(t[0], 1, 200000, "n")
    q = parse_int(t[1], 1, 200000, "q")
    if len(lines) != 2 + q:
        fail("expected %d lines, got %d" % (2 + q, len(lines)))

    toks = ints_of_line(lines[1], n, "array")
    for i, tok in enumerate(toks):
        parse_int(tok, -10**9, 10**9, "a_%d" % (i + 1))

    for j in range(q):
        t = ints_of_line(lines[2 + j], 2, "query %d" % (j + 1))
        l = parse_int(t[0], 1, n, "l")
        r = parse_int(t[1], 1, n, "r")
        if l > r:
            fail("query %d has l > r" % (j + 1))
    sys.exit(42)


if __name__ == "__main__":
    main()
