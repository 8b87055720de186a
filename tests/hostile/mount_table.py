"""Prints the sandbox's mount tables as the program sees them: /proc/self/mountinfo (every
mount's source root and mount point) and /proc/self/mounts, each line as it is read."""

for name in ("/proc/self/mountinfo", "/proc/self/mounts"):
    with open(name, encoding="utf-8", errors="replace") as f:
        for line in f:
            print(name, line.rstrip("\n"))
