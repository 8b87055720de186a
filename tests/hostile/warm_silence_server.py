"""A wrong candidate that, on the one input where it is wrong, tries to silence the stress
stage's fork server (issue 17): it joins the server's process group (1, the sandbox init's,
which the server shares) and signals the whole group, SIGPROF (read as "stopped at the CPU
limit") or SIGSTOP (the server hangs). Everywhere else it doubles its input."""

import os
import signal

words = input().split()
if words[0] == "attack":
    how = getattr(signal, f"SIG{words[1]}")
    try:
        os.setpgid(0, 1)
        print("joined group 1")
    except OSError as exc:
        print(f"setpgid refused: {exc.strerror}")
    try:
        os.kill(0, how)
        print("signalled the group")
    except OSError as exc:
        print(f"kill refused: {exc.strerror}")
    print("wrong answer")
else:
    print(int(words[0]) * 2)
