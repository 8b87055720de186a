"""Reads its whole stdin (slowly at first) and prints its length and SHA-256; with an argument
"ignore", reads nothing and exits at once."""
import hashlib
import sys
import time

if sys.argv[1:] == ["ignore"]:
    print("ignored")
    sys.exit(0)
first = sys.stdin.buffer.read(1000)
time.sleep(0.2)  # the pipe fills up meanwhile: the judge must wait, not drop or block
rest = sys.stdin.buffer.read()
data = first + rest
print(len(data), hashlib.sha256(data).hexdigest())
