#!/usr/bin/env python3
# Input validator for "Maximum Subarray": exit 42 if stdin is a valid input, 43 otherwise.
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


def main():
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        fail("non-ASCII bytes")
    if not text.endswith("\n"):
        fail("input must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) != 2:
        fail("expected exactly 2 lines, got %d" % len(lines))

    n = parse_int(lines[0], 1, 200000, "n")
    toks = lines[1].split(" ")
    if len(toks) != n:
        fail("expected %d integers on the second line, got %d fields" % (n, len(toks)))
    for i, tok in enumerate(toks):
        parse_int(tok, -10**9, 10**9, "a_%d" % (i + 1))
    sys.exit(42)


if __name__ == "__main__":
    main()
