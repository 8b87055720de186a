"""Whole-run accounting and limits with control groups (cgroup v1: memory, cpuacct, pids).

RLIMIT_CPU and RLIMIT_AS are per process and wait4 only counts what was reaped; a cgroup counts
every process of the run, and memory that resident size does not show (files in the private
/tmp, pipe buffers, kernel memory). Runs get groups below the judge's own, one set per sandbox
uid slot, created on first use and reused (so that page cache charged to a group does not leave
a dying memory cgroup behind after every run, as creating and removing them would); the
sandbox init moves the
program into them before exec through descriptors the judge opened (see sandbox/init.c), so
nothing inside the sandbox needs to see /sys/fs/cgroup. Where the hierarchies are missing or
not writable (not root, cgroup v2 without delegation) `available()` says why and runs go on
without them.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sandbox.limits import MIB, Limits

CONTROLLERS = ("memory", "cpuacct", "pids")
HEADROOM_MIB = 16
"""The memory group's hard limit sits this far above the memory limit, so that an ordinary
heap growing past the limit is refused by RLIMIT_AS first (a clear MLE), while everything else
the run holds is still bounded; the verdict compares the measured peak with the limit itself."""


@dataclass(frozen=True)
class Usage:
    cpu_s: float
    peak_mib: float
    oom_killed: bool
    """The kernel killed a process of the run because the group's memory was exhausted."""


def _own_groups() -> dict[str, Path] | None:
    """Where each controller's hierarchy is mounted, joined with the judge's own group in it."""
    mounts: dict[str, Path] = {}
    with contextlib.suppress(OSError), open("/proc/self/mountinfo") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            parts, fs = left.split(), right.split()
            if len(fs) < 3 or fs[0] != "cgroup":
                continue
            for option in fs[2].split(","):
                if option in CONTROLLERS:
                    mounts.setdefault(option, Path(parts[4]))
    own: dict[str, str] = {}
    with contextlib.suppress(OSError), open("/proc/self/cgroup") as f:
        for line in f:
            _, names, path = line.rstrip("\n").split(":", 2)
            for name in names.split(","):
                own[name] = path
    groups = {}
    for name in CONTROLLERS:
        if name not in mounts or name not in own:
            return None
        groups[name] = mounts[name] / own[name].lstrip("/")
    return groups


def needed(limits: Limits) -> bool:
    """Whether a run with these limits needs groups of its own.

    A run with groups measured about 2 ms slower here than the same run without (0.4 ms of it
    the set-up: limits written, counters zeroed, strays looked for; the move itself is cheap
    through `tasks`, see sandbox/init.c), so runs that are bounded without one go without: a
    program that may not start processes, under an address-space limit, holds at most that
    much memory (memfd, SysV shared memory, sockets and new namespaces are denied it; its
    private /tmp has a size of its own) and its init reaps and counts every thread. Runs that
    may start processes, and runtimes with no address-space limit (the JVM, PyPy), get groups:
    that is what bounds them.
    """
    return limits.spawn or not limits.address_space


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """Whether runs can have cgroups here, and the reason when not (probed once)."""
    if os.environ.get("SOLVER_NO_CGROUPS"):
        return False, "disabled by SOLVER_NO_CGROUPS"
    groups = _own_groups()
    if groups is None:
        return False, (
            "no cgroup v1 memory, cpuacct and pids hierarchies mounted "
            "(cgroup v2 is not supported yet)"
        )
    probe = f"solver-probe-{os.getpid()}"
    made: list[Path] = []
    try:
        for base in groups.values():
            (base / probe).mkdir()
            made.append(base / probe)
    except OSError as exc:
        return False, f"cannot create a cgroup: {exc.strerror} ({exc.filename})"
    finally:
        for path in made:
            with contextlib.suppress(OSError):
                path.rmdir()
    return True, ""


@dataclass
class RunGroup:
    """The cgroups of one run: one directory per controller."""

    dirs: dict[str, Path]
    procs_fds: list[int] = field(default_factory=list)
    """Open `tasks` files, for the sandbox init to write its (single-threaded) child into
    before exec: see sandbox/init.c for why `tasks` and not `cgroup.procs`."""
    baseline: int = 0
    """Memory already charged to the (reused) group when the run started: page cache."""
    ooms_before: int = 0

    def usage(self) -> Usage:
        cpu_ns = _read_int(self.dirs["cpuacct"] / "cpuacct.usage")
        peak = _read_int(self.dirs["memory"] / "memory.max_usage_in_bytes")
        return Usage(
            cpu_ns / 1e9, max(0, peak - self.baseline) / MIB, self._ooms() > self.ooms_before
        )

    def _ooms(self) -> int:
        with contextlib.suppress(OSError, ValueError):
            for line in (self.dirs["memory"] / "memory.oom_control").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        return 0

    def kill_all(self) -> None:
        """Kill every process still in the run's groups (as root: any uid)."""
        for _ in range(20):
            pids = sorted({pid for d in self.dirs.values() for pid in _pids(d)})
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.002)

    def prepare(self, limits: Limits) -> None:
        """Empty the groups of strays, set the run's limits and zero the counters."""
        for directory in self.dirs.values():
            directory.mkdir(exist_ok=True)
            _made.add(directory)
        self.kill_all()
        memory = self.dirs["memory"]
        hard = str((limits.memory_mib + HEADROOM_MIB) * MIB)
        # memsw (memory + swap, only with swap accounting) may never be below the memory limit.
        swap = memory / "memory.memsw.limit_in_bytes"
        has_swap = swap.exists()
        if has_swap:
            _write(swap, "-1")
        _write(memory / "memory.limit_in_bytes", hard)
        if has_swap:
            _write(swap, hard)
        _write(memory / "memory.max_usage_in_bytes", "0")  # resets to the current usage
        self.baseline = _read_int(memory / "memory.usage_in_bytes")
        self.ooms_before = self._ooms()
        _write(self.dirs["cpuacct"] / "cpuacct.usage", "0")
        _write(self.dirs["pids"] / "pids.max", str(limits.processes))
        for directory in self.dirs.values():
            self.procs_fds.append(os.open(directory / "tasks", os.O_WRONLY | os.O_CLOEXEC))

    def close(self) -> None:
        for fd in self.procs_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.procs_fds.clear()


def _read_int(path: Path) -> int:
    try:
        return max(0, int(path.read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return 0


def _pids(directory: Path) -> list[int]:
    try:
        return [int(p) for p in (directory / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []


def _write(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


_made: set[Path] = set()
"""Groups this process created: removed when it exits, so that no empty group is left below a
group someone else manages (and may want to remove)."""


@atexit.register
def _remove_made() -> None:
    # A group named after a sandbox uid may by now be another judge's: it took that uid after
    # this one's run ended and is running in the group. Remove it only while holding the uid's
    # lock, as every run does while it uses the group.
    from sandbox.isolation import LOCK_DIR  # not at the top: isolation imports this module

    for directory in _made:
        uid = directory.name.removeprefix("solver-sandbox-")
        if not uid.isdigit():
            with contextlib.suppress(OSError):
                directory.rmdir()  # named after this process: nobody else's
            continue
        try:
            fd = os.open(LOCK_DIR / f"{uid}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            with contextlib.suppress(OSError):
                directory.rmdir()
        except OSError:
            pass  # in use by another judge, which keeps it
        finally:
            os.close(fd)


@contextlib.contextmanager
def run_group(name: str, limits: Limits) -> Iterator[RunGroup | None]:
    """The groups of one run, limited by `limits`; None when cgroups are not available.

    `name` must be unique among concurrent runs on the machine (the run's sandbox uid is): the
    groups are kept and reused by the next run of that name.
    """
    ok, _ = available()
    groups = _own_groups() if ok else None
    if groups is None:
        yield None
        return
    group = RunGroup({c: base / name for c, base in groups.items()})
    try:
        group.prepare(limits)
    except OSError:
        group.close()
        raise
    try:
        yield group
    finally:
        group.close()
        group.kill_all()
