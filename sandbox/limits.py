"""Resource limits for one sandboxed run."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits of one run. Times in seconds, sizes in MiB unless the name says bytes."""

    time_s: float = 2.0
    """CPU time (user + sys) the program may use."""
    wall_s: float | None = None
    """Wall-clock limit; by default derived from `time_s` so a sleeping program is stopped."""
    memory_mib: int = 256
    output_bytes: int = 8 * MIB
    """Past this many bytes on stdout (or on stderr) the program is killed: OLE."""
    stderr_keep_bytes: int = 64 * 1024
    """How much of stderr is kept in the result; the rest is counted and dropped."""
    processes: int = 64
    """Processes and threads the program may have at once (RLIMIT_NPROC)."""
    scratch_mib: int = 64
    """Size of the writable scratch directory (a private tmpfs)."""
    address_space: bool = True
    """Enforce memory with RLIMIT_AS. Off for runtimes that reserve far more than they use (JVM)."""
    spawn: bool = False
    """May the program start other processes? Submissions and model-written programs may not
    (threads are fine: the syscall filter refuses fork, vfork and clone without CLONE_THREAD);
    compilers, a package's validators and checkers, the shrink driver and the stress fork server
    may. Runs that may spawn get cgroups of their own where the machine has them, so that all
    their processes are counted and limited together (see docs/sandbox.md)."""

    @property
    def wall_limit_s(self) -> float:
        if self.wall_s is not None:
            return self.wall_s
        # Generous enough that a CPU-bound program on a busy machine still hits the CPU limit
        # first, tight enough that a sleeping one does not hold up the judge for long.
        return max(self.time_s * 2 + 1, self.time_s + 2)

    @property
    def cpu_kill_s(self) -> int:
        # The kernel's own backstop, at least half a second past the limit, so the verdict comes
        # from the measured time and not from where the kernel happened to stop the clock.
        return math.ceil(self.time_s + 0.5)

    @property
    def cpu_timer_s(self) -> float:
        """When the sandbox init's CPU timer stops the program: just past the limit (5 % and
        0.05 s), so the measured time is over it (TLE) without the up to 1.5 s more
        RLIMIT_CPU's whole seconds would let a too-slow program burn. A program it stops is TLE
        whatever the reported time (runner.classify)."""
        return self.time_s * 1.05 + 0.05

    def with_(self, **changes: object) -> Limits:
        return replace(self, **changes)  # type: ignore[arg-type]
