"""Reports what a run of a reused box can see of earlier runs, then leaves what it can behind
for the next: files in /tmp (one in a folder it locks), a daemonized grandchild, memory held
until exit, and signals at the box's processes."""

import json
import os
import signal
import sys
import time

seen = {
    "tmp": sorted(os.listdir("/tmp")),
    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "me": os.getpid(),
    "env": sorted(os.environ),
}
print(json.dumps(seen), flush=True)

with open("/tmp/planted", "w") as f:
    f.write("from an earlier run\n")
os.mkdir("/tmp/locked")
with open("/tmp/locked/inside", "w") as f:
    f.write("x")
os.chmod("/tmp/locked", 0)
os.environ["PLANTED"] = "1"

# At the run's init (PID 1 here), and at everyone else it may signal (-1: not itself, not 1).
for target, sigs in ((1, "USR1 STOP TERM KILL"), (-1, "USR1 STOP TERM")):
    for name in sigs.split():
        try:
            os.kill(target, getattr(signal, f"SIG{name}"))
        except OSError:
            pass

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        # The grandchild outlives its parent and would write into the next run's /tmp.
        for _ in range(600):
            try:
                with open("/tmp/from-the-daemon", "w") as f:
                    f.write("late\n")
            except OSError:
                pass
            time.sleep(0.01)
    os._exit(0)

held = bytearray(int(sys.stdin.readline() or 0) * 1024 * 1024)
time.sleep(0.2)  # the daemon is running by now
print("done", len(held), flush=True)
