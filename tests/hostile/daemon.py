"""Daemonizes a grandchild (double fork + setsid) that outlives the program.

stdin: the path of a writable directory. The program writes `parent` there at once; the daemon
sleeps, then writes `daemon` there. The daemon keeps the program's stdout and stderr open.
"""
import os
import sys
import time

where = sys.stdin.readline().strip()
with open(os.path.join(where, "parent"), "w") as f:
    f.write("parent was here\n")
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(1)
        with open(os.path.join(where, "daemon"), "w") as f:
            f.write("daemon survived\n")
        print("daemon survived", flush=True)
        time.sleep(3600)
    os._exit(0)
os.wait()
print("parent done", flush=True)
