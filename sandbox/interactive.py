"""Interactive judging: the package's output validator (the interactor) talks to the submission.

Both run in their own sandbox, started exactly as any other run is (sandbox/runner.py
`prepare`: each with its own uid, namespaces, limits, syscall filter, cgroups where its limits
need them, and the init's range-checked report); the interactor's
stdout is the submission's stdin and the submission's stdout is the interactor's stdin, through
two pipes the judge creates and then lets go of. The interactor gets the test's input file, its
answer file and a writable feedback folder, as for any custom output validator
(`interactor input answer feedback_dir/ [args]`).

Verdicts follow problemtools (the reference implementation of the package format):
- the interactor crashed, timed out or exited with neither 42 nor 43: JE (never the
  submission's fault);
- the interactor exited first, with 43: WA, whatever the submission does afterwards (it is
  stopped at once: the verdict is settled);
- otherwise the submission's own end decides first: over its CPU or wall limit TLE, a crash RTE
  (MLE when memory ran out);
- otherwise the interactor's exit: 42 AC, 43 WA.
Only the submission's CPU time is counted against the time limit. A sandbox that fails (it
cannot be set up, its program cannot be executed, its init's report cannot be trusted) is JE,
except a submission that does not fit in memory: MLE.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import selectors
import signal
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from sandbox import cgroups, isolation, runner
from sandbox.checkers import VALIDATOR_LIMITS, CheckResult
from sandbox.isolation import BOX, JUDGE, Bind, Isolation
from sandbox.languages import Program
from sandbox.limits import MIB, Limits
from sandbox.runner import BadReport, Measured, SetupError, classify
from sandbox.verdict import Verdict

_READ_CHUNK = 65536
_FEEDBACK_BYTES = 64 * 1024
_PIPE_BYTES = 1 << 20
"""Pipe buffers as large as an unprivileged process may ask for (problemtools does too)."""


@dataclass(frozen=True)
class InteractiveResult:
    verdict: Verdict
    """AC, WA, TLE, MLE, RTE, OLE, or JE when the interactor (or the sandbox) failed."""
    time_s: float
    """The submission's CPU time."""
    wall_time_s: float
    memory_mib: float
    """The submission's peak memory."""
    message: str = ""
    first: str = ""
    """Who ended first: `interactor` or `submission`."""
    interactor_exit: int | None = None
    submission_exit: int | None = None


@dataclass
class _Side:
    """One of the two sandboxed processes and what it did."""

    name: str
    proc: subprocess.Popen[bytes]
    uid: int | None
    limits: Limits
    report_r: int | None
    """The init's report pipe (closed by the sandbox's `runner.prepare` context)."""
    group: cgroups.RunGroup | None
    init: str | None
    started: float
    stderr: bytearray = field(default_factory=bytearray)
    stderr_bytes: int = 0
    waited: tuple[int, float, float] | None = None
    """(wait status, CPU seconds, peak MiB) once it has ended."""
    measured: Measured | None = None
    bad_report: str = ""
    """Why the init's report cannot be trusted (the run is then JE)."""
    ended_at: float = 0.0
    killed: bool = False
    wall_exceeded: bool = False
    idle: bool = False
    """Stopped because it and the other side were both waiting for the other to write."""
    waiter: threading.Thread | None = None

    @property
    def done(self) -> bool:
        return self.waited is not None


@dataclass(frozen=True)
class Interactor:
    """A problem's interactor, usable where a checker is expected (judge.run_test hands it the
    submission instead of an output)."""

    program: Program

    def check(
        self,
        input_file: Path,
        answer_file: Path,
        output: bytes,
        args: tuple[str, ...] | list[str] = (),
    ) -> CheckResult:
        return CheckResult(
            Verdict.JE,
            "an interactive problem cannot check a finished output: "
            "its interactor must talk to the running submission",
        )

    def interact(
        self,
        submission: Program,
        input_file: Path,
        answer_file: Path,
        limits: Limits,
        args: tuple[str, ...] = (),
        cancel: runner.Cancel | None = None,
    ) -> InteractiveResult:
        return interact(
            submission, self.program, input_file, answer_file, limits, args, cancel=cancel
        )


def interact(
    submission: Program,
    interactor: Program,
    input_file: Path,
    answer_file: Path,
    limits: Limits,
    args: tuple[str, ...] = (),
    interactor_limits: Limits = VALIDATOR_LIMITS,
    iso: Isolation | None = None,
    cancel: runner.Cancel | None = None,
) -> InteractiveResult:
    """Run `submission` against `interactor` on one test. The interactor is a package program:
    its limits (the validators', `spawn=True`) let it start processes, like any checker.
    `cancel` stops both sides at once; the result is then JE (runner.CANCELLED)."""
    if submission.static_bytes > limits.memory_mib * MIB:
        return InteractiveResult(
            Verdict.MLE,
            0.0,
            0.0,
            submission.static_bytes / MIB,
            f"static data of {submission.static_bytes // MIB} MiB exceeds "
            f"the memory limit of {limits.memory_mib} MiB",
        )
    iso = iso or isolation.detect()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="solver-interact-")))
        work.chmod(0o755)
        feedback = work / "feedback"
        feedback.mkdir()
        feedback.chmod(0o777)  # the interactor runs as an unprivileged sandbox user
        scratch = [None, None] if iso.bwrap else [work / "s-sub", work / "s-val"]
        for s in scratch:
            if s is not None:
                s.mkdir()
                s.chmod(0o1777)
        # One CPU slot for the pair: the two mostly take turns.
        stack.enter_context(isolation.cpu_slot())
        sub_uid = stack.enter_context(isolation.uid_slot(iso))
        val_uid = stack.enter_context(isolation.uid_slot(iso))
        fds = _Fds()
        stack.callback(fds.close_all)
        to_sub_r, to_sub_w = fds.pipe(_PIPE_BYTES)  # interactor -> submission
        to_val_r, to_val_w = fds.pipe(_PIPE_BYTES)  # submission -> interactor
        binds = (
            Bind(input_file, f"{JUDGE}/input.in"),
            Bind(answer_file, f"{JUDGE}/answer.ans"),
            Bind(feedback, f"{JUDGE}/feedback", writable=True),
        )
        paths = [isolation.host_path(iso, b) for b in binds]
        val_args = (paths[0], paths[1], paths[2] + "/", *args)
        start = time.monotonic()
        val = _start(
            "interactor",
            interactor,
            interactor_limits,
            iso,
            val_uid,
            binds,
            val_args,
            scratch[1],
            stdin=to_val_r,
            stdout=to_sub_w,
            stack=stack,
        )
        if isinstance(val, str):
            return InteractiveResult(Verdict.JE, 0.0, 0.0, 0.0, val)
        sub = _start(
            "submission",
            submission,
            limits,
            iso,
            sub_uid,
            (),
            (),
            scratch[0],
            stdin=to_sub_r,
            stdout=to_val_w,
            stack=stack,
        )
        if isinstance(sub, str):
            return InteractiveResult(Verdict.JE, 0.0, 0.0, 0.0, sub)
        # As problemtools' runner does: the judge keeps each side's write end open until that
        # side has been reaped, so the other side cannot see end-of-file (and crash on it)
        # before the judge knows who ended first; it keeps the read end of the interactor's
        # channel open for good, so an interactor still talking to a submission that is done
        # is not killed by SIGPIPE; and it lets go of the read end of the submission's
        # channel, so a submission writing to an interactor that is done gets SIGPIPE.
        fds.close(to_val_r)
        first = _supervise(
            sub,
            val,
            start,
            after_reap={
                "submission": lambda: fds.close(to_val_w),
                "interactor": lambda: fds.close(to_sub_w),
            },
            cancel=cancel,
        )
        if cancel is not None and cancel.is_set():
            return InteractiveResult(Verdict.JE, 0.0, 0.0, 0.0, runner.CANCELLED)
        return _verdict(sub, val, first, limits, feedback, time.monotonic() - start)
    raise AssertionError("unreachable")  # pragma: no cover


class _Fds:
    """Descriptors this judge opened for one interaction, closed exactly once (from the
    supervising thread or a waiter thread)."""

    def __init__(self) -> None:
        self.open: set[int] = set()
        self.lock = threading.Lock()

    def pipe(self, size: int = 0) -> tuple[int, int]:
        r, w = os.pipe()
        with self.lock:
            self.open |= {r, w}
        if size:
            with contextlib.suppress(OSError, AttributeError):
                fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, size)
        return r, w

    def close(self, fd: int) -> None:
        with self.lock:
            if fd not in self.open:
                return
            self.open.discard(fd)
        with contextlib.suppress(OSError):
            os.close(fd)

    def close_all(self) -> None:
        for fd in list(self.open):
            self.close(fd)


def _start(
    name: str,
    program: Program,
    limits: Limits,
    iso: Isolation,
    uid: int | None,
    binds: tuple[Bind, ...],
    args: tuple[str, ...],
    scratch: Path | None,
    *,
    stdin: int,
    stdout: int,
    stack: ExitStack,
) -> _Side | str:
    """Start one side as runner.run starts any program (runner.prepare: the filter of its
    limits' policy, its cgroups, the init's report pipe); `stack` holds what it needs until the
    interaction is over, and finishes it first."""
    run_limits = program.language.run_limits(limits)
    box = BOX if iso.bwrap else str(program.directory)
    try:
        launch = stack.enter_context(
            runner.prepare(
                iso,
                [*program.argv(box, limits.memory_mib), *args],
                run_limits,
                uid=uid,
                binds=[Bind(program.directory, BOX), *binds],
                scratch=scratch,
                env=program.language.run_env(iso),
                tag=f"-{name}",
            )
        )
    except SetupError as exc:
        return f"cannot set up the {name}'s sandbox: {exc}"
    try:
        proc = subprocess.Popen(
            launch.cmd,
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            cwd=str(scratch) if scratch else None,
            start_new_session=True,
            close_fds=True,
            pass_fds=launch.inherited,
        )
    except OSError as exc:
        return f"cannot start the {name}'s sandbox: {exc}"
    finally:
        # Only the init may hold the writing end: its end is the report's end.
        launch.report.close_write()
    side = _Side(
        name, proc, uid, run_limits, launch.report.read, launch.group, iso.init, time.monotonic()
    )
    stack.callback(_finish, side)
    return side


def _supervise(
    sub: _Side,
    val: _Side,
    start: float,
    after_reap: dict[str, Callable[[], None]],
    cancel: runner.Cancel | None = None,
) -> str:
    """Wait for both sides, reading their stderr, enforcing wall limits, and stopping the
    submission once the interactor has rejected it. Returns who ended first.

    Each side is reaped by a thread blocked in wait4, so the order of the two exits is the
    kernel's, not that of a polling loop: when the interactor rejects and the submission then
    dies of the closed pipe, the interactor was first."""
    # The waiters wake this loop the moment a side has been reaped: ending a test does not
    # wait for a polling interval.
    wake_r, wake_w = os.pipe()

    def reap_and_wake(side: _Side) -> None:
        try:
            _reap(side, after_reap[side.name])
        finally:
            with contextlib.suppress(OSError):
                os.write(wake_w, b"x")

    for side in (sub, val):
        side.waiter = threading.Thread(target=reap_and_wake, args=(side,), daemon=True)
        side.waiter.start()
    sel = selectors.DefaultSelector()
    sel.register(wake_r, selectors.EVENT_READ, None)
    for side in (sub, val):
        assert side.proc.stderr is not None
        sel.register(side.proc.stderr, selectors.EVENT_READ, side)
    waited_for, next_look = 0.0, 0.0
    idle_at: tuple[float, float] | None = None
    try:
        while not (sub.done and val.done):
            if val.done and not sub.done and not _accepted(val):
                _stop(sub)  # rejected (or the interactor failed): nothing left to learn
            if cancel is not None and cancel.is_set():
                for side in (sub, val):
                    if not side.done:
                        _stop(side)
            now = time.monotonic()
            if now >= next_look:
                # Time the submission spends waiting for a busy interactor is not its own:
                # its wall-clock allowance grows by the interactor's CPU time.
                val_cpu = _tree_cpu(val)
                waited_for = max(waited_for, val_cpu)
                next_look = now + 0.1
                # Both sides asleep reading, twice in a row with no CPU used in between: each
                # waits for the other to write, and nothing can change that (problemtools and
                # Kattis wait for the wall clock to say TLE; the verdict is the same, sooner).
                idle = (
                    not sub.done
                    and not val.done
                    and _waiting_to_read(sub)
                    and _waiting_to_read(val)
                )
                seen = (_tree_cpu(sub), val_cpu) if idle else None
                if seen is not None and seen == idle_at:
                    sub.idle = True
                    _stop(sub)
                idle_at = seen
            for side, allowance in ((sub, waited_for), (val, 0.0)):
                if not side.done and now - side.started >= side.limits.wall_limit_s + allowance:
                    side.wall_exceeded = True
                    _stop(side)
            for key, _ in sel.select(0.05):
                side = key.data
                if side is None:
                    os.read(wake_r, 64)
                    continue
                chunk = os.read(key.fd, _READ_CHUNK)
                if not chunk:
                    sel.unregister(key.fileobj)
                    continue
                side.stderr_bytes += len(chunk)
                room = side.limits.stderr_keep_bytes - len(side.stderr)
                if room > 0:
                    side.stderr += chunk[:room]
                if side.stderr_bytes > side.limits.output_bytes:
                    _stop(side)
    finally:
        sel.close()
    for side in (sub, val):
        assert side.waiter is not None
        side.waiter.join()
    os.close(wake_r)
    os.close(wake_w)
    return "interactor" if val.ended_at <= sub.ended_at else "submission"


def _tree_cpu(side: _Side) -> float:
    """CPU time used so far by the processes in a side's sandbox."""
    if side.done:
        return side.waited[1] if side.waited else 0.0
    total = 0.0
    with contextlib.suppress(psutil.Error):
        for proc in psutil.Process(side.proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += times.user + times.system
    return total


_PIPE_READ_WCHANS = ("pipe_read", "pipe_wait", "pipe_wait_readable")


def _waiting_to_read(side: _Side) -> bool:
    """Whether every thread of every process of the side's program sleeps in a pipe read (the
    kernel's wait channel, readable by the judge as root; False whenever it cannot tell)."""
    try:
        below = psutil.Process(side.proc.pid).children(recursive=True)
        program = [p for p in below if not runner.is_init(p, side.init)]
        if not program:
            return False
        for proc in program:
            tasks = Path(f"/proc/{proc.pid}/task")
            for task in tasks.iterdir():
                wchan = (task / "wchan").read_text().strip()
                if not wchan.endswith(_PIPE_READ_WCHANS):
                    return False
    except (psutil.Error, OSError):
        return False
    return True


def _accepted(side: _Side) -> bool:
    assert side.waited is not None
    status = side.waited[0]
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 42


def _reap(side: _Side, then: Callable[[], None] | None = None) -> None:
    """Wait for the side's exit, then take its figures as runner.run does: the init's report
    (the program's own status, CPU time and memory, range-checked), and its cgroups'."""
    _, status, usage = os.wait4(side.proc.pid, 0)
    ended = time.monotonic()
    if then is not None:
        then()
    side.proc.returncode = os.waitstatus_to_exitcode(status)
    cpu, memory = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    try:
        side.measured = runner.measure(
            status, usage, side.report_r, side.group, ended - side.started
        )
        status, cpu, memory = side.measured.status, side.measured.cpu_s, side.measured.memory_mib
    except BadReport as exc:
        side.bad_report = str(exc)
    side.ended_at = ended
    side.waited = (status, cpu, memory)


def _stop(side: _Side) -> None:
    """Kill everything in the side's sandbox but its init, which then reaps and counts it all,
    reports and ends (its waiter thread reaps the sandbox process); kill the sandbox whole if
    it does not end soon. What the side's uid runs is killed too (the uid is the side's alone:
    without a PID namespace, nothing else would take its leftovers with it)."""
    if side.done or side.killed:
        return
    side.killed = True
    runner.kill_program(side.proc.pid, side.uid, side.group, side.init)
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline and not side.done:
        time.sleep(0.002)
    if not side.done:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(side.proc.pid, signal.SIGKILL)


def _finish(side: _Side) -> None:
    """Whatever happened, leave nothing running and no pipe open."""
    if side.waited is None and side.proc.returncode is None:
        side.killed = False
        _stop(side)
        if side.waiter is not None:
            side.waiter.join(timeout=5.0)
        with contextlib.suppress(ChildProcessError):
            if not side.done:
                _reap(side)
    if side.proc.stderr is not None:
        side.proc.stderr.close()


def _sandbox_failure(side: _Side) -> str:
    """Why the side's sandbox (not its program) failed, or ''."""
    if side.bad_report:
        return f"the {side.name}'s sandbox init report cannot be trusted: {side.bad_report}"
    measured = side.measured
    if measured is None:
        return ""
    if measured.stage == 2:
        return f"the sandbox could not set up the {side.name}: {os.strerror(measured.errno)}"
    if measured.stage == 1:
        return f"cannot execute the {side.name}: {os.strerror(measured.errno)}"
    if (
        side.report_r is not None
        and not measured.reported
        and not side.killed
        and side.proc.returncode != 0
    ):
        # The init did not report although nobody killed it: the sandbox itself failed.
        detail = bytes(side.stderr).decode(errors="replace").strip().splitlines()[-1:]
        return f"the sandbox failed to start the {side.name}: {' '.join(detail)}"
    return ""


def _verdict(
    sub: _Side, val: _Side, first: str, limits: Limits, feedback: Path, wall: float
) -> InteractiveResult:
    assert sub.waited is not None and val.waited is not None
    sub_status, sub_cpu, sub_mem = sub.waited
    val_status = val.waited[0]
    val_exit = os.WEXITSTATUS(val_status) if os.WIFEXITED(val_status) else None
    sub_exit = os.WEXITSTATUS(sub_status) if os.WIFEXITED(sub_status) else None
    message = _feedback_line(feedback / "judgemessage.txt") or _feedback_line(
        feedback / "teammessage.txt"
    )

    def result(verdict: Verdict, why: str, cpu: float = sub_cpu) -> InteractiveResult:
        return InteractiveResult(verdict, cpu, wall, sub_mem, why, first, val_exit, sub_exit)

    if sub.measured is not None and sub.measured.stage == 1 and not sub.bad_report:
        # The submission could not be executed: MLE when it does not fit in memory.
        failed = runner.exec_failed(sub.measured.errno, limits, bytes(sub.stderr), wall)
        if failed.verdict is Verdict.MLE:
            return InteractiveResult(
                Verdict.MLE, 0.0, wall, sub_mem, failed.message, first, val_exit, sub_exit
            )
    for side in (val, sub):
        failure = _sandbox_failure(side)
        if failure:
            return InteractiveResult(Verdict.JE, 0.0, wall, 0.0, failure, first, val_exit, sub_exit)

    if val.killed or val_exit not in (42, 43):
        if val.wall_exceeded:
            why = "interactor did not finish in time"
        elif val.stderr_bytes > val.limits.output_bytes:
            why = "interactor wrote too much on stderr"
        elif val_exit is not None:
            why = f"interactor failed: exit code {val_exit}"
        else:
            why = f"interactor failed: killed by signal {os.WTERMSIG(val_status)}"
        tail = bytes(val.stderr).decode(errors="replace").strip().splitlines()[-1:]
        return result(
            Verdict.JE, why + (f": {tail[0]}" if tail else ""), min(sub_cpu, limits.time_s)
        )
    if val_exit == 43 and first == "interactor":
        # Rejected before the submission ended: whatever it did next is the rejection's echo.
        return result(
            Verdict.WA, message or "rejected by the interactor", min(sub_cpu, limits.time_s)
        )
    sub_signal = os.WTERMSIG(sub_status) if os.WIFSIGNALED(sub_status) else None
    if sub_signal == signal.SIGPIPE and not sub.killed:
        # It wrote to an interactor that was done: the interactor's verdict decides.
        sub_signal, sub_exit = None, 0
    verdict, why = classify(
        limits,
        exit_code=sub_exit,
        signal_no=sub_signal,
        cpu_s=sub_cpu,
        memory_mib=sub_mem,
        stderr=bytes(sub.stderr),
        wall_exceeded=sub.wall_exceeded or sub.idle,
        output_exceeded=sub.stderr_bytes > limits.output_bytes,
        oom_killed=sub.measured is not None and sub.measured.oom_killed,
    )
    if sub.idle and verdict is Verdict.TLE and sub_cpu <= limits.time_s:
        why = (
            "idle: the submission and the interactor were both waiting to read what the "
            "other would write"
        )
    if verdict is not Verdict.OK:
        if verdict is Verdict.RTE:
            tail = bytes(sub.stderr).decode(errors="replace").strip().splitlines()[-1:]
            why = f"{why}: {tail[0]}" if tail else why
        return result(verdict, why)
    if val_exit == 42:
        return result(Verdict.AC, message)
    return result(Verdict.WA, message or "rejected by the interactor")


def _feedback_line(path: Path) -> str:
    """The first line of a feedback file the interactor wrote; never follows a link it made."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        data = os.read(fd, _FEEDBACK_BYTES)
    finally:
        os.close(fd)
    lines = data.decode(errors="replace").strip().splitlines()
    return lines[0].strip() if lines else ""
