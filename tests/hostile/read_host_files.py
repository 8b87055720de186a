"""Reads every path named on stdin and prints what it found (or why not), and lists /etc."""
import os
import sys

for path in sys.stdin.read().split():
    try:
        with open(path, "rb") as f:
            print(path, "read", f.read(200).decode(errors="replace").strip())
    except OSError as exc:
        print(path, "error", type(exc).__name__)
print("etc:", " ".join(sorted(os.listdir("/etc"))))
