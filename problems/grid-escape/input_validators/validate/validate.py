#!/usr/bin/env python3
# Input validator for "Grid Escape": exit 42 if stdin is a valid input, 43 otherwise.
import re
import sys

INT = re.compile(r"[1-9][0-9]*\Z")
ROW = re.compile(rb"[.#SE]*\Z")


def fail(msg):
    sys.stderr.write("invalid input: " + msg + "\n")
    sys.exit(43)


def main():
    data = sys.stdin.buffer.read()
    if not data.endswith(b"\n"):
        fail("input must end with a newline")
    lines = data[:-1].split(b"\n")
    try:
        first = lines[0].decode("ascii").split(" ")
    except UnicodeDecodeError:
        fail("non-ASCII first line")
    if len(first) != 2 or not all(INT.match(t) and len(t) <= 4 for t in first):
        fail("first line must be 'R C'")
    r, c = int(first[0]), int(first[1])
    if not (1 <= r <= 1000 and 1 <= c <= 1000):
        fail("R or C out of range")
    if len(lines) != 1 + r:
        fail("expected %d lines, got %d" % (1 + r, len(lines)))
    s_count = e_count = 0
    for i in range(r):
        row = lines[1 + i]
        if len(row) != c:
            fail("row %d has length %d, expected %d" % (i + 1, len(row), c))
        if not ROW.match(row):
            fail("row %d contains a character other than . # S E" % (i + 1))
        s_count += row.count(b"S")
        e_count += row.count(b"E")
    if s_count != 1 or e_count != 1:
        fail("need exactly one S and one E (got %d and %d)" % (s_count, e_count))
    sys.exit(42)


if __name__ == "__main__":
    main()
