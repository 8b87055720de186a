"""Writes to stderr forever."""
import sys

chunk = b"e" * 65536
while True:
    sys.stderr.buffer.write(chunk)
