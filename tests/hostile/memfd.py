"""Holds 200 MiB in a memfd (not mapped, so not in its resident size) and reports success."""
import os

fd = os.memfd_create("hoard")
chunk = b"x" * (1024 * 1024)
for _ in range(200):
    os.write(fd, chunk)
print("held 200 MiB in a memfd")
