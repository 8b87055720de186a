"""Tries to create files outside its directory.

stdin: one path per line. For each one prints `PATH ok` or `PATH ERRNAME`.
"""
import errno
import sys

for line in sys.stdin:
    path = line.strip()
    if not path:
        continue
    try:
        with open(path, "w") as f:
            f.write("escaped\n")
        print(path, "ok")
    except OSError as exc:
        print(path, errno.errorcode.get(exc.errno, str(exc.errno)))
