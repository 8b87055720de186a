"""Splits a too-slow computation over child processes it never reaps, and prints the result:
their CPU time escapes accounting unless the whole run is counted. Without the right to start
processes, the fork fails and the program dies with an error."""
import os
import time

pipes = []
for _ in range(3):
    r, w = os.pipe()
    if os.fork() == 0:
        start = time.process_time()
        while time.process_time() - start < 0.9:
            pass
        os.write(w, b"1")
        os._exit(0)
    pipes.append(r)
print(sum(len(os.read(r, 1)) for r in pipes))
