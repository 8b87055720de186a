"""Three processes each holding 100 MiB (under the 128 MiB limit each, 300 MiB together)."""
import os

N = 100 * 1024 * 1024
children = []
ready_r, ready_w = os.pipe()
stop_r, stop_w = os.pipe()
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        block = bytearray(N)
        block[::4096] = b"x" * (N // 4096)
        os.write(ready_w, b"1")
        os.read(stop_r, 1)
        os._exit(0)
    children.append(pid)
block = bytearray(N)
block[::4096] = b"x" * (N // 4096)
got = sum(len(os.read(ready_r, 1)) for _ in children)
os.write(stop_w, b"xx")
for pid in children:
    os.waitpid(pid, 0)
print("held", 100 * (got + 1), "MiB")
