"""CPU slots: at most one sandboxed run per core, handed out first come, first served.

Runs beyond the number of cores slow each other down and make their times dishonest, however
many judges, problems or tests are in flight, so every run first takes a slot of a slot set
that all judge processes on the machine share.

A slot set is a folder of lock files. Slot `i` is held by holding an exclusive `flock` on
`cpu-{i}.lock`; the kernel drops it when its holder exits, however it exits. Order comes from a
queue beside the slots: each run that wants a slot writes a numbered ticket (under the queue's
own lock, one above the highest ticket there) and holds a lock on it until it has run. The
first `slots` live tickets may hold slots, so a run takes a slot once fewer than `slots` tickets
are ahead of it, in the order the tickets were written. A ticket whose lock is free belongs to
a process that died; whoever looks at the queue next removes it.

`SOLVER_SLOT_SET` names a private slot set (the test suite uses one, so that it never waits on
judges outside it); by default a judge shares the machine's set. Either way the sandbox uid
locks (isolation.uid_slot) stay machine-wide: two runs as one uid would kill each other's
programs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LOCK_DIR = Path(os.environ.get("SOLVER_LOCK_DIR") or "/tmp") / "solver-sandbox-locks"
"""Machine-wide, whatever TMPDIR says: two judges with other temporary folders must still see
each other's locks, or they would run programs as the same sandbox uid (and in the same
cgroups), and each one's clean-up would kill the other's programs."""

SLOT_SET_ENV = "SOLVER_SLOT_SET"
_SET_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_TICKET = re.compile(r"(\d{12})\.ticket")

_POLL_S = (0.002, 0.05)
"""A waiter looks at the queue again after this long, doubling from the first figure to the
second: tickets are taken in order whoever looks first, so looking costs order nothing."""
_SWEEP_S = 0.5
"""How often a waiter checks that the tickets ahead of it still have a living owner."""


def cpu_slots() -> int:
    return max(1, int(os.environ.get("SOLVER_SANDBOX_SLOTS") or os.cpu_count() or 1))


def slot_dir() -> Path:
    """The slot set's folder: the machine's (the lock folder itself, where judges before the
    queue took their slots too), or `slots-NAME` under it for `SOLVER_SLOT_SET=NAME`."""
    name = os.environ.get(SLOT_SET_ENV, "")
    if not name:
        return LOCK_DIR
    if not _SET_NAME.fullmatch(name):
        raise ValueError(f"{SLOT_SET_ENV}={name!r}: letters, digits, '.', '_' and '-' only")
    return LOCK_DIR / f"slots-{name}"


def slot_set() -> str:
    """The slot set in words, for a message."""
    name = os.environ.get(SLOT_SET_ENV, "")
    return f"slot set {name}" if name else "shared by every judge on this machine"


def take_free_lock(names: list[str], directory: Path | None = None) -> tuple[int, int] | None:
    """Take the first of these lock files no process holds: (index, descriptor), or None."""
    folder = directory or LOCK_DIR
    folder.mkdir(mode=0o755, parents=True, exist_ok=True)
    for index, name in enumerate(names):
        fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return index, fd
    return None


def release(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


@dataclass(frozen=True)
class Waiting:
    """What a run waiting for a slot reports: how many tickets are ahead of it (runs holding
    or waiting for a slot, in this process or another), of how many slots, for how long."""

    ahead: int
    slots: int
    seconds: float
    done: bool = False


WaitListener = Callable[[Waiting], None]
_listeners: list[WaitListener] = []


def on_wait(listener: WaitListener) -> Callable[[], None]:
    """Call `listener` while a run of this process waits for a slot (about twice a second,
    and once with `done` when it has its slot); returns the function that removes it. Runs
    that get a slot at once report nothing."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _tell(waiting: Waiting) -> None:
    for listener in list(_listeners):
        with contextlib.suppress(Exception):  # a display must never fail a run
            listener(waiting)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock


class _Queue:
    """The tickets of one slot set (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "queue"
        self.folder.mkdir(mode=0o755, parents=True, exist_ok=True)
        self.lock = folder / "queue.lock"

    def _tickets(self) -> list[str]:
        return sorted(n for n in os.listdir(self.folder) if _TICKET.fullmatch(n))

    def join(self) -> tuple[str, int]:
        """Write the next ticket and hold it: (its name, the descriptor holding it)."""
        with _locked(self.lock):
            tickets = self._tickets()
            number = int(tickets[-1][:12]) + 1 if tickets else 0
            name = f"{number:012d}.ticket"
            fd = os.open(self.folder / name, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            # Locked before the queue's lock is let go, so nobody takes it for a dead one.
            fcntl.flock(fd, fcntl.LOCK_EX)
            return name, fd

    def ahead(self, mine: str, *, sweep: bool) -> int:
        """How many live tickets are ahead of `mine`; with `sweep`, the dead ones among them
        are removed first."""
        with _locked(self.lock):
            ahead = [n for n in self._tickets() if n < mine]
            if not sweep:
                return len(ahead)
            return sum(1 for name in ahead if self._alive(name))

    def _alive(self, name: str) -> bool:
        path = self.folder / name
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True  # its owner holds it (in this process or another)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return False

    def leave(self, name: str, fd: int) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.folder / name).unlink()
        os.close(fd)


_queues: dict[Path, _Queue] = {}
_queues_lock = threading.Lock()


def _queue(folder: Path) -> _Queue:
    with _queues_lock:
        if folder not in _queues:
            _queues[folder] = _Queue(folder)
        return _queues[folder]


@contextmanager
def cpu_slot() -> Iterator[int]:
    """Wait for one of `cpu_slots()` run slots of this process's slot set, in arrival order
    among every judge process that shares the set; yields the slot's number."""
    folder = slot_dir()
    slots = cpu_slots()
    names = [f"cpu-{slot}.lock" for slot in range(slots)]
    queue = _queue(folder)
    ticket, ticket_fd = queue.join()
    taken: tuple[int, int] | None = None
    try:
        start = time.monotonic()
        delay, swept, told = _POLL_S[0], start, 0.0
        while True:
            now = time.monotonic()
            sweep = now - swept >= _SWEEP_S
            ahead = queue.ahead(ticket, sweep=sweep)
            swept = now if sweep else swept
            # A judge from before the queue takes slots without a ticket: then the slot it
            # holds is missed here, and the run waits on, first in line.
            if ahead < slots and (taken := take_free_lock(names, folder)) is not None:
                break
            if now - told >= _SWEEP_S:
                _tell(Waiting(ahead, slots, now - start))
                told = now
            time.sleep(delay)
            delay = min(delay * 2, _POLL_S[1])
        if told:
            _tell(Waiting(0, slots, time.monotonic() - start, done=True))
    finally:
        if taken is None:
            queue.leave(ticket, ticket_fd)
    try:
        yield taken[0]
    finally:
        # The slot first, then the ticket: the next in line must find the slot free once it
        # is among the first `slots` tickets.
        release(taken[1])
        queue.leave(ticket, ticket_fd)
