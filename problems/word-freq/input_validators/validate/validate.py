#!/usr/bin/env python3
# Input validator for "Word Frequency": exit 42 if stdin is a valid input, 43 otherwise.
import re
import sys

LINE = re.compile(r"[a-z]{1,20}( [a-z]{1,20})*\Z")


def fail(msg):
    sys.stderr.write("invalid input: " + msg + "\n")
    sys.exit(43)


def main():
    data = sys.stdin.buffer.read()
    if len(data) > 2 * 10**6:
        fail("input is %d bytes long, more than 2*10^6" % len(data))
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        fail("non-ASCII bytes")
    if not text.endswith("\n"):
        fail("input must end with a newline")
    lines = text[:-1].split("\n")
    n = 0
    for i, line in enumerate(lines):
        if not LINE.match(line):
            fail("line %d is not words of 1..20 lowercase letters separated by single spaces"
                 % (i + 1))
        n += line.count(" ") + 1
    if not 1 <= n <= 200000:
        fail("%d words, expected between 1 and 200000" % n)
    sys.exit(42)


if __name__ == "__main__":
    main()
