"""Ignores every signal it may (SIGTERM, SIGXCPU, SIGINT, ...), then sleeps forever."""
import contextlib
import signal
import time

for sig in signal.valid_signals():
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        signal.signal(sig, signal.SIG_IGN)  # refused for SIGKILL and SIGSTOP
while True:
    time.sleep(3600)
