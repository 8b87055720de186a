"""A sandbox reused across the runs of one program: one sandbox start for many tests.

Starting a sandbox (namespaces, mounts, copies of the program's files, the init) costs more
than running a small program in it (benchmarks/judge_floor.py). Inside `reusing()`, the runs
of a thread that can share a box do: the box is started once per program and thread, and its
init serves the runs one at a time (sandbox/init.c, `-S`). Each run is still a fresh process,
the PID 1 of new PID and mount namespaces with a fresh /proc and a fresh, empty /tmp, under
the same limits, filter and uid, measured by the same init code as a cold run: nothing a run
does reaches the box's server or the next run (docs/sandbox.md, "A box reused across tests").

A run that needs what a box does not give (a cgroup, a writable folder, the fork server, a
machine without the capabilities) takes the cold path, and so does a run whose box is lost
(it is then run again cold from the start: a lost box says nothing about the program).
"""

from __future__ import annotations

import contextlib
import os
import resource
import select
import signal
import socket
import subprocess
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sandbox import cgroups, isolation, runner
from sandbox.isolation import Bind, Isolation
from sandbox.limits import Limits
from sandbox.verdict import RunResult

BOXES_PER_THREAD = 4
"""A judging alternates between two programs at most (the submission, its checker); the loop
between a candidate, the brute force, an alternative and a validator."""
STOP_WAIT_S = 2.0
"""How long a stopped run may take to end before its box is killed whole."""
_NO_USAGE = resource.struct_rusage((0.0, 0.0) + (0,) * 14)
_KILLED = signal.SIGKILL  # a wait status: killed by SIGKILL


def eligible(iso: Isolation, limits: Limits, binds: Sequence[Bind]) -> bool:
    """Whether a run with these limits and binds can run in a box here."""
    # The filter is what keeps the box's IPC namespace empty from one run to the next
    # (sandbox/init.c, -S): no filter, no box.
    return (
        isolation.can_box(iso)
        and iso.filters is not None
        and not (iso.cgroups and cgroups.needed(limits))
        and not any(b.writable for b in binds)
    )


@dataclass(frozen=True)
class _Key:
    argv: tuple[str, ...]
    binds: tuple[Bind, ...]
    env: tuple[tuple[str, str], ...]
    cwd: str | None


class Box:
    """One started sandbox whose init serves runs of `argv` (module docstring)."""

    def __init__(
        self,
        iso: Isolation,
        argv: Sequence[str],
        limits: Limits,
        *,
        binds: Sequence[Bind],
        cwd: str | None,
        env: dict[str, str] | None,
    ) -> None:
        self.iso = iso
        self.lost = False
        """The box failed a run: it tells nothing about the program (run it cold)."""
        self.dead = False
        """The box was killed: its runs so far stand, it takes no more."""
        self._stack = contextlib.ExitStack()
        self.uid = self._stack.enter_context(isolation.uid_slot(iso))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        copies = isolation.Copies()
        try:
            cmd = isolation.command(
                iso,
                list(argv),
                limits,
                uid=self.uid,
                binds=list(binds),
                scratch=None,
                cwd=cwd,
                env=env,
                copies=copies,
                box_fd=theirs.fileno(),
            )
            # The program as it is named inside (the interpreter's inside path, ...).
            self.argv = cmd[len(cmd) - len(argv) :]
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
                pass_fds=(theirs.fileno(), *copies.fds),
            )
        except BaseException:
            ours.close()
            self._stack.close()
            raise
        finally:
            theirs.close()
            copies.close()

    def run(
        self, limits: Limits, *, stdin: Path | None, cancel: runner.Cancel | None
    ) -> RunResult | None:
        """One run in this box; None when the box is lost (run it cold)."""
        with contextlib.ExitStack() as stack:
            stack.enter_context(isolation.cpu_slot())
            if cancel is not None and cancel.is_set():
                return RunResult.judge_error(runner.CANCELLED)
            filter_fd = stack.enter_context(runner.filter_file(self.iso, limits))
            try:
                stdin_fd, feeder = runner.open_stdin(stdin)
            except OSError as exc:
                return RunResult.judge_error(f"cannot read the input: {exc}")
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            report_r, report_w = os.pipe()
            report = runner.ReportPipe(report_r, report_w)
            stack.callback(report.close)
            for fd in (out_r, err_r):
                stack.callback(os.close, fd)
            if feeder is not None:
                stack.callback(os.close, feeder.source)
                stack.callback(feeder.close)
            assert filter_fd is not None  # `eligible`: only filtered runs are boxed
            args = isolation.box_run_args(self.iso, self.argv, limits, uid=self.uid)
            request = b"r" + b"".join(a.encode() + b"\0" for a in args)
            start = time.monotonic()
            try:
                handed = [stdin_fd, out_w, err_w, report_w, filter_fd]
                socket.send_fds(self.sock, [request], handed)
            except OSError:
                self.lost = True
                return None
            finally:
                for fd in (stdin_fd, out_w, err_w):
                    os.close(fd)
                report.close_write()
            reading = runner.Reading(bytearray(), bytearray())
            ending = runner.Ending(self.sock.fileno(), self._answer)
            wall_exceeded, waited = runner.pump(
                (out_r, err_r), ending, limits, reading, start, feeder, cancel
            )
            if waited is None:
                waited = self._stop()
            if self.lost:
                return None
            if cancel is not None and cancel.is_set():
                return RunResult.judge_error(runner.CANCELLED)
            status, usage = waited
            return runner.outcome(
                status,
                usage,
                report.read,
                None,
                limits,
                reading,
                time.monotonic() - start,
                wall_exceeded=wall_exceeded,
            )

    def _answer(self) -> tuple[int, resource.struct_rusage] | None:
        """The server's "d STATUS" once the run's namespace is gone; None while it runs."""
        try:
            data = self.sock.recv(64, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return None
        except OSError:
            data = b""
        if data.startswith(b"d") and data[1:].lstrip(b"-").isdigit():
            return int(data[1:]), _NO_USAGE
        self.lost = True  # the box ended, or said what its server never says
        return _KILLED, _NO_USAGE

    def _stop(self) -> tuple[int, resource.struct_rusage]:
        """Stop the running program (its init still reaps, measures and reports it) and wait for
        the run to end; a box that does not answer in time is killed whole."""
        with contextlib.suppress(OSError):
            self.sock.send(b"k")
        deadline = time.monotonic() + STOP_WAIT_S
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.sock], [], [], left)
            if ready:
                answer = self._answer()
                if answer is not None:
                    return answer
        self.dead = True
        self.close()
        return _KILLED, _NO_USAGE

    def close(self) -> None:
        """End the box: its server ends with its socket, and is killed if it does not."""
        if self.sock.fileno() < 0:
            return  # closed already
        self.sock.close()
        try:
            self.proc.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._stack.close()


class Boxes:
    """The boxes of one thread, the most recently used kept (BOXES_PER_THREAD)."""

    def __init__(self) -> None:
        self._boxes: OrderedDict[_Key, Box] = OrderedDict()
        self._refused: set[_Key] = set()
        self.served = 0
        """Runs that a box of this thread gave a result for."""

    def run(
        self,
        iso: Isolation,
        argv: Sequence[str],
        limits: Limits,
        *,
        stdin: Path | None,
        binds: Sequence[Bind],
        cwd: str | None,
        env: dict[str, str] | None,
        cancel: runner.Cancel | None,
    ) -> RunResult | None:
        key = _Key(tuple(argv), tuple(binds), tuple(sorted((env or {}).items())), cwd)
        if key in self._refused:
            return None
        box = self._boxes.pop(key, None)
        if box is None:
            try:
                box = Box(iso, argv, limits, binds=binds, cwd=cwd, env=env)
            except (OSError, runner.SetupError):
                self._refused.add(key)
                return None
        self._boxes[key] = box
        while len(self._boxes) > BOXES_PER_THREAD:
            self._boxes.popitem(last=False)[1].close()
        result = box.run(limits, stdin=stdin, cancel=cancel)
        if box.lost or box.dead:
            self._boxes.pop(key, None)
            box.close()
        if box.lost:
            # A box that fails says nothing about the program, but may about this machine:
            # this program's later runs go cold.
            self._refused.add(key)
        if result is not None:
            self.served += 1
        return result

    def close(self) -> None:
        while self._boxes:
            self._boxes.popitem()[1].close()


_local = threading.local()


@contextlib.contextmanager
def reusing() -> Iterator[None]:
    """Runs of this thread inside the block share boxes where they can; all are closed at the
    end. Nested blocks share the outer one's boxes."""
    if getattr(_local, "boxes", None) is not None:
        yield
        return
    boxes = Boxes()
    _local.boxes = boxes
    try:
        yield
    finally:
        _local.boxes = None
        boxes.close()


def keep_for_thread(kept: list[Boxes]) -> None:
    """Make this (pool worker) thread reuse boxes until the caller closes what `kept` collects
    (a thread pool's initializer: `solver.pool.each`)."""
    boxes = Boxes()
    _local.boxes = boxes
    kept.append(boxes)


def current() -> Boxes | None:
    """The boxes of this thread while it is `reusing()` them."""
    return getattr(_local, "boxes", None)


def run(
    iso: Isolation,
    argv: Sequence[str],
    limits: Limits,
    *,
    stdin: Path | None,
    binds: Sequence[Bind],
    cwd: str | None,
    env: dict[str, str] | None,
    cancel: runner.Cancel | None,
) -> RunResult | None:
    """This run in one of the thread's boxes, if it is `reusing()` them and the run can (see
    `eligible`); None: run it cold."""
    boxes = current()
    if boxes is None or not eligible(iso, limits, binds):
        return None
    return boxes.run(iso, argv, limits, stdin=stdin, binds=binds, cwd=cwd, env=env, cancel=cancel)
