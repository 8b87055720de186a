"""Ignores every signal it may, then sleeps forever."""
import signal
import time

for sig in signal.valid_signals():
    try:
        signal.signal(sig, signal.SIG_IGN)
    except (OSError, ValueError, RuntimeError):
        pass  # SIGKILL and SIGSTOP cannot be ignored
while True:
    time.sleep(3600)
