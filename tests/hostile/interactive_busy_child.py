"""Interactive submission that starts a child spinning on the CPU, answers, and then waits until
it is stopped at the wall limit; when it may not start the child it says so and ends."""
import os
import time

n = int(input())
try:
    pid = os.fork()
except OSError as exc:
    print(f"{2 * n} fork: {exc.strerror}", flush=True)
    raise SystemExit(0) from None
if pid == 0:
    while True:
        pass
print(f"{2 * n} forked", flush=True)
while True:
    time.sleep(1)
