"""Whole-run accounting and limits with control groups (cgroup v1: memory, cpuacct, pids).

RLIMIT_CPU and RLIMIT_AS are per process and wait4 only counts what was reaped; a cgroup counts
every process of the run, and memory that resident size does not show (files in the private
/tmp, pipe buffers, kernel memory). Each run gets fresh groups below the judge's own (created
before, removed after: about 0.1 ms); the sandbox init moves the program into them before exec
through descriptors the judge opened (see sandbox/init.c), so nothing inside the sandbox needs
to see /sys/fs/cgroup. Where the hierarchies are missing or not writable (not root, cgroup v2
without delegation) `available()` says why and runs go on without them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """Whether runs can have cgroups here, and the reason when not (probed once)."""
    if os.environ.get("SOLVER_NO_CGROUPS"):
        return False, "disabled by SOLVER_NO_CGROUPS"
    groups = _own_groups()
    if groups is None:
        return False, ("no cgroup v1 memory, cpuacct and pids hierarchies mounted "
                       "(cgroup v2 is not supported yet)")
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
    procs_fds: list[int]
    """Open cgroup.procs files, for the sandbox init to write the program into."""

    def usage(self) -> Usage:
        cpu_ns = _read_int(self.dirs["cpuacct"] / "cpuacct.usage")
        peak = _read_int(self.dirs["memory"] / "memory.max_usage_in_bytes")
        oom = 0
        with contextlib.suppress(OSError, ValueError):
            for line in (self.dirs["memory"] / "memory.oom_control").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    oom = int(value)
        return Usage(cpu_ns / 1e9, peak / MIB, oom > 0)

    def kill_all(self) -> None:
        """Kill every process still in the run's groups (as root: any uid)."""
        for _ in range(20):
            pids = _pids(self.dirs["pids"])
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


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


def _remove(directory: Path) -> None:
    """Remove a run's group, killing what is left in it first (a crashed judge's, say)."""
    if not directory.exists():
        return
    for _ in range(100):
        pids = _pids(directory)
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        try:
            directory.rmdir()
            return
        except OSError:
            if not pids:
                raise
            # Killed processes leave the group a moment later.
            time.sleep(0.005)
    directory.rmdir()


@contextlib.contextmanager
def run_group(name: str, limits: Limits) -> Iterator[RunGroup | None]:
    """Fresh groups for one run, limited by `limits`; None when cgroups are not available.

    `name` must be unique among concurrent runs on the machine (the run's sandbox uid is).
    """
    ok, _ = available()
    groups = _own_groups() if ok else None
    if groups is None:
        yield None
        return
    dirs = {c: base / name for c, base in groups.items()}
    fds: list[int] = []
    try:
        for directory in dirs.values():
            _remove(directory)
            directory.mkdir()
        memory = dirs["memory"]
        hard = (limits.memory_mib + HEADROOM_MIB) * MIB
        _write(memory / "memory.limit_in_bytes", str(hard))
        with contextlib.suppress(OSError):  # only with swap accounting
            _write(memory / "memory.memsw.limit_in_bytes", str(hard))
        _write(dirs["pids"] / "pids.max", str(limits.processes))
        for directory in dirs.values():
            fds.append(os.open(directory / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC))
    except OSError:
        for fd in fds:
            os.close(fd)
        for directory in dirs.values():
            with contextlib.suppress(OSError):
                _remove(directory)
        raise
    group = RunGroup(dirs, fds)
    try:
        yield group
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        group.kill_all()
        for directory in dirs.values():
            with contextlib.suppress(OSError):
                _remove(directory)
