#!/usr/bin/env python3
# Input validator for "Coin Ways": exit 42 if stdin is a valid input, 43 otherwise.
import re
import sys

NONNEG = re.compile(r"(0|[1-9][0-9]*)\Z")


def fail(msg):
    sys.stderr.write("invalid input: " + msg + "\n")
    sys.exit(43)


def parse_int(tok, lo, hi, what):
    if not NONNEG.match(tok) or len(tok) > 7:
        fail("bad integer token for %s: %r" % (what, tok[:30]))
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
    first = lines[0].split(" ")
    if len(first) != 2:
        fail("expected 2 integers on the first line, got %d fields" % len(first))
    k = parse_int(first[0], 1, 100, "k")
    s = parse_int(first[1], 0, 10**5, "s")
    if k * s > 10**6:
        fail("k * s = %d exceeds 10^6" % (k * s))
    toks = lines[1].split(" ")
    if len(toks) != k:
        fail("expected %d coin values, got %d fields" % (k, len(toks)))
    coins = [parse_int(tok, 1, 10**4, "c_%d" % (i + 1)) for i, tok in enumerate(toks)]
    if len(set(coins)) != k:
        fail("coin values are not distinct")
    sys.exit(42)


if __name__ == "__main__":
    main()
