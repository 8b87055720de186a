"""An ordinary threaded program: four threads sum parts of a list."""
import sys
import threading

n = int(sys.stdin.read())
parts = [0] * 4


def work(i: int) -> None:
    parts[i] = sum(range(i, n, 4))


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sum(parts))
