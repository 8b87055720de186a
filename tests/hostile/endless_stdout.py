"""Writes to stdout forever."""
import sys

chunk = b"x" * 65536
while True:
    sys.stdout.buffer.write(chunk)
