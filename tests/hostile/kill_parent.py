"""Sends SIGKILL to its parent, then reports that it is still here."""
import os
import signal

parent = os.getppid()
try:
    os.kill(parent, signal.SIGKILL)
    outcome = "sent"
except OSError as exc:
    outcome = type(exc).__name__
print(f"killed parent {parent}: {outcome}", flush=True)
print("still alive")
