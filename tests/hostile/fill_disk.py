"""Fills its working directory (a private /tmp) with megabyte files until the disk is full.

stdin: a name prefix for the files. A refused write is not caught: the program crashes.
"""
import sys

prefix = sys.stdin.readline().strip()
chunk = b"d" * (1 << 20)
n = 0
while True:
    with open(f"{prefix}-{n}", "wb") as f:
        f.write(chunk)
    n += 1
