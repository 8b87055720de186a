"""Interactive submission that tries to start a process, then says what happened and answers."""
import os

n = int(input())
try:
    pid = os.fork()
except OSError as exc:
    outcome = f"fork: {exc.strerror}"
else:
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    outcome = "fork: allowed"
print(f"{2 * n} {outcome}", flush=True)
