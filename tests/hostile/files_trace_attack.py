"""A hostile traced program: replaces the tracer's output file (it runs in the tracer's own
process, so it can). The attack is read from stdin:
  fifo       the trace file becomes a FIFO
  zero       the trace file becomes a symlink to /dev/zero
  link PATH  the trace file becomes a symlink to PATH
  junk       the trace file gets records of the wrong shape
"""

import json
import os
import sys

words = sys.stdin.read().split()
out = json.loads(sys.argv[1])["out"]  # the tracer's spec: sys.argv is the driver's
os.unlink(out)
if words[0] == "fifo":
    os.mkfifo(out)
elif words[0] == "zero":
    os.symlink("/dev/zero", out)
elif words[0] == "link":
    os.symlink(words[1], out)
else:
    with open(out, "w") as f:
        f.write(json.dumps({"kind": "line"}) + "\n" + json.dumps([1, 2]) + "\n")
x = 1
