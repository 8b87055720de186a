"""State one warm run tries to leave for the next (run with `spawn`, so it can fork).

"plant": a grandchild leaves the run's process group and, from then on, SIGKILLs every other
process of its uid it can see (the next run's child among them); 40 MiB in a folder the run
then makes unreadable (chmod 000), which would also fill most of the next run's scratch; an
environment variable and a patched standard module.
"look": waits a little, then says what it finds: the folder, the variable, the module, and
whether 40 MiB of its own still fit in its scratch folder.
"""

import contextlib
import json
import os
import signal
import sys
import time

if input() == "plant":
    planter = os.getpid()
    if os.fork() == 0:
        with contextlib.suppress(OSError):
            os.setsid()
        me = os.getuid()
        while True:
            for name in os.listdir("/proc"):
                if name.isdigit() and int(name) not in (os.getpid(), planter):
                    try:
                        if os.stat(f"/proc/{name}").st_uid == me:
                            os.kill(int(name), signal.SIGKILL)
                    except OSError:
                        pass
            time.sleep(0.01)
    os.makedirs("/tmp/kept", exist_ok=True)
    with open("/tmp/kept/ballast", "wb") as f:
        f.write(b"x" * (40 << 20))
    os.chmod("/tmp/kept", 0)
    os.environ["PLANTED"] = "yes"
    json.dumps = lambda *a, **k: "patched"
    print("planted")
    sys.stdout.flush()
    os._exit(0)
else:
    time.sleep(0.5)
    print("scratch:", sorted(os.listdir("/tmp")))
    print("env:", os.environ.get("PLANTED", "clean"))
    print("json:", json.dumps([1]))
    try:
        with open("/tmp/mine", "wb") as f:
            f.write(b"y" * (40 << 20))
        print("room: yes")
    except OSError as exc:
        print(f"room: no ({exc.strerror})")
