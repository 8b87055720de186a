"""Uses half a second of CPU and 60 MiB, then sleeps until the wall limit stops it."""
import time

block = bytearray(60 * 1024 * 1024)
block[::4096] = b"x" * (len(block) // 4096)
start = time.process_time()
while time.process_time() - start < 0.5:
    pass
print("sleeping", flush=True)
time.sleep(3600)
