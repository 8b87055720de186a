"""Run one program on one input under limits and report what it did."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import os
import resource
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from sandbox import cgroups, isolation
from sandbox.isolation import Bind, Isolation
from sandbox.limits import MIB, Limits
from sandbox.verdict import RunResult, Verdict

# What runtimes print when an allocation is refused: the run is MLE even though the language
# turned the refusal into an exception or an abort.
_OOM_MARKERS = (
    b"MemoryError",
    b"std::bad_alloc",
    b"java.lang.OutOfMemoryError",
    b"Cannot allocate memory",
    b"failed to map segment from shared object",
    b"out of memory",
)
_READ_CHUNK = 65536
_FEED_CHUNK = 1024 * 1024
_Waited = tuple[int, resource.struct_rusage]


@dataclass(frozen=True)
class _Report:
    status: int
    utime_s: float
    stime_s: float
    maxrss_kib: int
    stage: int
    """0: the program ran; 1: exec failed; 2: setting up its process failed."""
    errno: int


class BadReport(Exception):
    """The init's report is not one the init writes: never trusted, the run is JE."""


@dataclass
class Reading:
    stdout: bytearray
    stderr: bytearray
    stdout_bytes: int = 0
    stderr_bytes: int = 0
    output_exceeded: bool = False


@dataclass
class Feeder:
    """Copies the test's input into the program's stdin pipe, as the program reads it, so that
    the program never holds the judge's file (nor learns its path, nor can reopen it through
    /proc/self/fd/0 for writing)."""

    source: int
    pipe: int | None
    offset: int = 0

    def feed(self) -> bool:
        """Move what fits into the pipe now; True while there is more to feed."""
        while self.pipe is not None:
            try:
                moved = os.splice(
                    self.source,
                    self.pipe,
                    _FEED_CHUNK,
                    offset_src=self.offset,
                    flags=os.SPLICE_F_NONBLOCK,
                )
            except BlockingIOError:
                return True
            except OSError:  # EPIPE: the program is done with its input
                moved = 0
            if moved == 0:
                self.close()
                return False
            self.offset += moved
        return False

    def close(self) -> None:
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None


class Cancel:
    """Set from another thread to stop a run early: the program is killed at once and the run
    is JE "cancelled" (its result is meant to be thrown away). A pipe, so that the thread
    watching the program wakes up the moment it is set."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        self._lock = threading.Lock()
        self._set = False

    def set(self) -> None:
        with self._lock:
            if not self._set and self._write >= 0:
                self._set = True
                os.write(self._write, b"x")

    def is_set(self) -> bool:
        return self._set

    def fileno(self) -> int:
        return self._read

    def close(self) -> None:
        with self._lock:
            for fd in (self._read, self._write):
                if fd >= 0:
                    os.close(fd)
            self._read = self._write = -1


CANCELLED = "cancelled"


def run(
    argv: Sequence[str],
    limits: Limits,
    *,
    stdin: Path | None = None,
    binds: Sequence[Bind] = (),
    cwd: str | None = None,
    iso: Isolation | None = None,
    env: dict[str, str] | None = None,
    cancel: Cancel | None = None,
    server: bool = False,
) -> RunResult:
    """Run `argv` (paths as the program sees them) in the sandbox.

    stdin is fed from the file `stdin` through a pipe (or is empty). The run's verdict is one of
    OK, TLE, MLE, RTE, OLE; a failure to start the sandbox at all, or a report the judge cannot
    trust, is JE (and so is a run stopped by `cancel`, with the message CANCELLED).
    `server`: the program is the judge's fork server, kept root (`isolation.command`).
    """
    iso = iso or isolation.detect()
    scratch = None if iso.bwrap else Path(tempfile.mkdtemp(prefix="solver-scratch-"))
    try:
        if scratch is not None:
            scratch.chmod(0o1777)
        with contextlib.ExitStack() as stack:
            stack.enter_context(isolation.cpu_slot())
            if cancel is not None and cancel.is_set():
                return RunResult.judge_error(CANCELLED)
            uid = stack.enter_context(isolation.uid_slot(iso))
            try:
                launch = stack.enter_context(
                    prepare(
                        iso,
                        argv,
                        limits,
                        uid=uid,
                        binds=binds,
                        scratch=scratch,
                        cwd=cwd,
                        env=env,
                        server=server,
                    )
                )
            except SetupError as exc:
                return RunResult.judge_error(str(exc))
            return _execute(
                launch.cmd,
                limits,
                stdin=stdin,
                uid=uid,
                cwd=str(scratch) if scratch else None,
                report=launch.report,
                inherited=launch.inherited,
                sweep=not iso.bwrap,
                group=launch.group,
                init=iso.init,
                cancel=cancel,
            )
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


class SetupError(Exception):
    """The sandbox could not be prepared: the run is JE."""


@dataclass
class Launch:
    """A sandbox ready to start: its command, and what the started process must inherit."""

    cmd: list[str]
    report: ReportPipe
    """Close its writing end as soon as the sandbox has started."""
    group: cgroups.RunGroup | None
    inherited: tuple[int, ...]
    """Descriptors to pass to the sandbox (report pipe, syscall filter, cgroup tasks files, the
    files bubblewrap copies in)."""


@contextlib.contextmanager
def prepare(
    iso: Isolation,
    argv: Sequence[str],
    limits: Limits,
    *,
    uid: int | None,
    binds: Sequence[Bind] = (),
    scratch: Path | None = None,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    tag: str = "",
    server: bool = False,
) -> Iterator[Launch]:
    """Everything one sandbox needs before it starts, held until it is done: the init's report
    pipe, the syscall filter of the limits' policy, the run's cgroups when the limits need them
    (`cgroups.needed`), and the command with every isolation `iso` offers. Every sandboxed
    program (a plain run, either side of an interactive one) starts from here.

    `tag` tells apart the groups of several sandboxes of one thread when there is no sandbox
    uid to name them by. Raises SetupError when the cgroups cannot be set up, or a file the
    sandbox copies in cannot be opened.
    """
    with contextlib.ExitStack() as stack:
        report = stack.enter_context(_report_pipe(iso))
        filter_fd = stack.enter_context(filter_file(iso, limits))
        group: cgroups.RunGroup | None = None
        if iso.cgroups and iso.init is not None and cgroups.needed(limits):
            name = (
                f"solver-sandbox-{uid}"
                if uid is not None
                else f"solver-sandbox-p{os.getpid()}-{threading.get_ident()}{tag}"
            )
            try:
                group = stack.enter_context(cgroups.run_group(name, limits))
            except OSError as exc:
                raise SetupError(f"cannot set up the run's cgroups: {exc}") from exc
        copies = isolation.Copies()
        stack.callback(copies.close)
        try:
            cmd = isolation.command(
                iso,
                list(argv),
                limits,
                uid=uid,
                binds=list(binds),
                scratch=scratch,
                cwd=cwd,
                report_fd=report.write,
                env=env,
                filter_fd=filter_fd,
                cgroup_fds=tuple(group.procs_fds) if group else (),
                server=server,
                copies=copies,
            )
        except OSError as exc:  # the init or the OOM shim vanished from the cache
            raise SetupError(f"cannot open what the sandbox copies in: {exc}") from exc
        inherited = tuple(fd for fd in (report.write, filter_fd, *copies.fds) if fd is not None)
        if group is not None:
            inherited += tuple(group.procs_fds)
        yield Launch(cmd, report, group, inherited)


@dataclass
class ReportPipe:
    """The pipe the init reports on. The judge closes its writing end as soon as the sandbox has
    started (so the end of the pipe is the init's end), and never closes a descriptor twice: in
    a judge running tests on several threads, a number closed twice may already belong to
    another run."""

    read: int | None = None
    write: int | None = None

    def close_write(self) -> None:
        if self.write is not None:
            os.close(self.write)
            self.write = None

    def close(self) -> None:
        self.close_write()
        if self.read is not None:
            os.close(self.read)
            self.read = None


@contextlib.contextmanager
def _report_pipe(iso: Isolation) -> Iterator[ReportPipe]:
    pipe = ReportPipe()
    if iso.init:
        pipe.read, pipe.write = os.pipe()
    try:
        yield pipe
    finally:
        pipe.close()


@contextlib.contextmanager
def filter_file(iso: Isolation, limits: Limits) -> Iterator[int | None]:
    """An open descriptor of the run's syscall filter, for the init to read."""
    if iso.filters is None or iso.init is None:
        yield None
        return
    fd = os.open(iso.filters["spawn" if limits.spawn else "nospawn"], os.O_RDONLY | os.O_CLOEXEC)
    try:
        yield fd
    finally:
        os.close(fd)


@functools.lru_cache(maxsize=1)
def _ram_kib() -> int:
    return int(psutil.virtual_memory().total // 1024)


def _read_report(report_r: int | None, wall_s: float) -> _Report | None:
    """The program's own wait status and usage as the sandbox init saw it; None when it did
    not report (it was killed). Every field is range-checked: a report no init would write
    raises BadReport."""
    if report_r is None:
        return None
    os.set_blocking(report_r, False)
    try:
        data = os.read(report_r, 4096)
    except (BlockingIOError, OSError):
        return None
    if not data:
        return None
    text = data.decode("ascii", errors="replace")
    fields = text.split()
    if (
        len(data) >= 4096
        or not text.endswith("\n")
        or text.count("\n") != 1
        or len(fields) != 6
        or not all(f.isdigit() for f in fields)
    ):
        raise BadReport(f"malformed report {text[:80]!r}")
    status, utime_us, stime_us, maxrss_kib, stage, err = (int(f) for f in fields)
    cpu_bound_us = (wall_s + 1.0) * (os.cpu_count() or 1) * 1e6
    if status > 0xFFFF or not (os.WIFEXITED(status) or os.WIFSIGNALED(status)):
        raise BadReport(f"impossible wait status {status}")
    if utime_us + stime_us > cpu_bound_us:
        raise BadReport(f"CPU time {(utime_us + stime_us) / 1e6:.1f} s in {wall_s:.1f} s")
    if maxrss_kib > _ram_kib():
        raise BadReport(f"peak memory {maxrss_kib} KiB exceeds the machine's")
    if stage > 2 or err > 4095 or (stage == 0) != (err == 0):
        raise BadReport(f"impossible failure stage {stage} errno {err}")
    return _Report(status, utime_us / 1e6, stime_us / 1e6, maxrss_kib, stage, err)


@dataclass(frozen=True)
class Measured:
    """How a sandboxed program ended and what it used, from the best source there is."""

    status: int
    """Its wait status (the sandbox's own when the init did not report)."""
    cpu_s: float
    memory_mib: float
    reported: bool
    """The init reported: the figures are the program's own, not the sandbox process's."""
    stage: int
    """As in the init's report: 0 ran, 1 exec failed, 2 setting up its process failed."""
    errno: int
    oom_killed: bool


def measure(
    status: int,
    usage: resource.struct_rusage,
    report_r: int | None,
    group: cgroups.RunGroup | None,
    wall_s: float,
) -> Measured:
    """Combine the sandbox process's wait4 figures, the init's report (range-checked: raises
    BadReport) and the run's cgroups (every process, reaped or not) into the run's figures."""
    cpu = usage.ru_utime + usage.ru_stime
    memory_mib = usage.ru_maxrss / 1024  # the kernel reports KiB
    own = _read_report(report_r, wall_s)
    stage = err = 0
    if own is not None:
        status, cpu, memory_mib = own.status, own.utime_s + own.stime_s, own.maxrss_kib / 1024
        stage, err = own.stage, own.errno
    oom_killed = False
    if group is not None:
        # Measured from outside, of every process of the run, reaped or not.
        whole = group.usage()
        cpu = max(cpu, whole.cpu_s) if own is not None else whole.cpu_s
        memory_mib = max(memory_mib, whole.peak_mib) if own is not None else whole.peak_mib
        oom_killed = whole.oom_killed
    return Measured(status, cpu, memory_mib, own is not None, stage, err, oom_killed)


def open_stdin(stdin: Path | None) -> tuple[int, Feeder | None]:
    """The program's stdin descriptor, and the feeder that fills it from the file `stdin`
    (None: empty input). Raises OSError when the file cannot be read."""
    if stdin is None:
        return os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC), None
    source = os.open(stdin, os.O_RDONLY | os.O_CLOEXEC)
    stdin_fd, pipe_w = os.pipe()
    feeder = Feeder(source, pipe_w)
    with contextlib.suppress(OSError):
        if os.fstat(source).st_size > 65536:
            fcntl.fcntl(pipe_w, fcntl.F_SETPIPE_SZ, _FEED_CHUNK)
    os.set_blocking(pipe_w, False)
    return stdin_fd, feeder


def _execute(
    cmd: list[str],
    limits: Limits,
    *,
    stdin: Path | None,
    uid: int | None,
    cwd: str | None,
    report: ReportPipe,
    inherited: tuple[int, ...],
    sweep: bool,
    group: cgroups.RunGroup | None,
    init: str | None,
    cancel: Cancel | None = None,
) -> RunResult:
    """Start `cmd` and collect what it did. `sweep`: kill whatever the sandbox uid still runs
    afterwards (needed without a PID namespace, whose end takes everything with it)."""
    try:
        stdin_fd, feeder = open_stdin(stdin)
    except OSError as exc:
        return RunResult.judge_error(f"cannot read the input: {exc}")
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=stdin_fd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
            pass_fds=inherited,
        )
    except OSError as exc:
        if feeder is not None:
            feeder.close()
            os.close(feeder.source)
        return RunResult.judge_error(f"cannot start the sandbox: {exc}")
    finally:
        os.close(stdin_fd)
    # Only the init may hold the writing end: its end is the report's end.
    report.close_write()
    reading = Reading(bytearray(), bytearray())
    waited: _Waited | None = None
    wall_exceeded = False
    assert proc.stdout is not None and proc.stderr is not None
    ending = _process_ending(proc.pid)
    try:
        wall_exceeded, waited = pump(
            (proc.stdout.fileno(), proc.stderr.fileno()),
            ending,
            limits,
            reading,
            start,
            feeder,
            cancel,
        )
    finally:
        if ending.fd is not None:
            os.close(ending.fd)
        if feeder is not None:
            feeder.close()
            os.close(feeder.source)
        if waited is None:
            _stop(proc.pid, uid, group, init)
            _, status_, usage_ = os.wait4(proc.pid, 0)
            waited = (status_, usage_)
        wall = time.monotonic() - start
        if uid is not None and sweep:
            _kill_uid(uid)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    status, usage = waited
    proc.returncode = os.waitstatus_to_exitcode(status)
    if cancel is not None and cancel.is_set():
        return RunResult.judge_error(CANCELLED)
    return outcome(
        status, usage, report.read, group, limits, reading, wall, wall_exceeded=wall_exceeded
    )


def outcome(
    status: int,
    usage: resource.struct_rusage,
    report_r: int | None,
    group: cgroups.RunGroup | None,
    limits: Limits,
    reading: Reading,
    wall: float,
    *,
    wall_exceeded: bool,
) -> RunResult:
    """The run's result from how its sandbox ended (`status`, `usage`), the init's report and
    what the program wrote."""
    try:
        measured = measure(status, usage, report_r, group, wall)
    except BadReport as exc:
        return RunResult.judge_error(f"the sandbox init's report cannot be trusted: {exc}")
    if (
        not measured.reported
        and os.waitstatus_to_exitcode(status) != 0
        and not (wall_exceeded or reading.output_exceeded)
    ):
        # The init did not report although nobody killed it: the sandbox itself failed.
        detail = bytes(reading.stderr).decode(errors="replace").strip().splitlines()[-1:]
        return RunResult.judge_error(f"the sandbox failed to start the program: {' '.join(detail)}")
    status, cpu, memory_mib = measured.status, measured.cpu_s, measured.memory_mib
    stage, err, oom_killed = measured.stage, measured.errno, measured.oom_killed
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if stage == 1:
        return exec_failed(err, limits, bytes(reading.stderr), wall)
    if stage == 2:
        why = os.strerror(err)
        return RunResult.judge_error(f"the sandbox could not set up the program: {why}")
    verdict, message = classify(
        limits,
        exit_code=exit_code,
        signal_no=sig,
        cpu_s=cpu,
        memory_mib=memory_mib,
        stderr=bytes(reading.stderr),
        wall_exceeded=wall_exceeded,
        output_exceeded=reading.output_exceeded,
        oom_killed=oom_killed,
    )
    return RunResult(
        verdict=verdict,
        exit_code=exit_code,
        signal=sig,
        cpu_time_s=cpu,
        wall_time_s=wall,
        memory_mib=memory_mib,
        stdout=bytes(reading.stdout),
        stderr=bytes(reading.stderr),
        message=message,
        stdout_truncated=reading.output_exceeded,
    )


@dataclass
class Ending:
    """How the pump learns that the run has ended: `fd` becomes readable then (None: polled
    every 20 ms), and `poll` returns the ending's wait status and usage once it has."""

    fd: int | None
    poll: Callable[[], _Waited | None]


def _process_ending(pid: int) -> Ending:
    def poll() -> _Waited | None:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        return (status, usage) if done else None

    return Ending(_pidfd(pid), poll)


def pump(
    outputs: tuple[int, int],
    ending: Ending,
    limits: Limits,
    reading: Reading,
    start: float,
    feeder: Feeder | None,
    cancel: Cancel | None = None,
) -> tuple[bool, _Waited | None]:
    """Feed stdin and read stdout and stderr (`outputs`) while the program runs.

    Returns whether the wall limit ran out, and the ending's status and resource usage if the
    run has ended (for a sandbox process: reaped with wait4, the only way to get its CPU time and
    peak memory from the kernel). Stops early, leaving the program to be killed, when output
    passes its limit or `cancel` is set.
    """
    deadline = start + limits.wall_limit_s
    sel = selectors.DefaultSelector()
    sel.register(outputs[0], selectors.EVENT_READ, "stdout")
    sel.register(outputs[1], selectors.EVENT_READ, "stderr")
    if feeder is not None and feeder.feed():
        assert feeder.pipe is not None
        sel.register(feeder.pipe, selectors.EVENT_WRITE, "stdin")
    if ending.fd is not None:
        sel.register(ending.fd, selectors.EVENT_READ, "exit")
    if cancel is not None:
        sel.register(cancel.fileno(), selectors.EVENT_READ, "cancel")
    waited: _Waited | None = None
    exited_at = 0.0
    pipes = 2
    try:
        while True:
            if waited is None:
                waited = ending.poll()
                if waited is not None:
                    exited_at = time.monotonic()
            now = time.monotonic()
            # Pipes still held open after the program ended can only be leftovers (without a
            # PID namespace); give them a moment to flush, then stop listening.
            if waited is not None and (pipes == 0 or now - exited_at > 0.5):
                return False, waited
            if now >= deadline:
                return True, waited
            timeout = deadline - now
            if waited is not None:
                timeout = min(timeout, 0.1)
            elif ending.fd is None:
                timeout = min(timeout, 0.02)
            for key, _ in sel.select(timeout):
                if key.data == "exit":
                    sel.unregister(key.fileobj)
                    continue
                if key.data == "cancel":
                    return False, waited
                if key.data == "stdin":
                    assert feeder is not None
                    if not feeder.feed() or waited is not None:
                        sel.unregister(key.fileobj)
                        feeder.close()
                    continue
                chunk = os.read(key.fd, _READ_CHUNK)
                if not chunk:
                    sel.unregister(key.fileobj)
                    pipes -= 1
                elif _take(reading, key.data, chunk, limits):
                    return False, waited
    finally:
        sel.close()


def _take(reading: Reading, stream: str, chunk: bytes, limits: Limits) -> bool:
    """Account for a chunk of output; True when the output limit is passed."""
    if stream == "stdout":
        reading.stdout_bytes += len(chunk)
        room = limits.output_bytes - len(reading.stdout)
        reading.stdout += chunk[: max(room, 0)]
        total = reading.stdout_bytes
    else:
        reading.stderr_bytes += len(chunk)
        room = limits.stderr_keep_bytes - len(reading.stderr)
        if room > 0:
            reading.stderr += chunk[:room]
        total = reading.stderr_bytes
    if total > limits.output_bytes:
        reading.output_exceeded = True
    return reading.output_exceeded


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _stop(pid: int, uid: int | None, group: cgroups.RunGroup | None, init: str | None) -> None:
    """Kill the program and everything it started, but not the sandbox init: the init then
    reaps them and reports their real CPU time and peak memory (a run stopped at the wall or
    output limit is measured like any other). If the sandbox does not end soon after, kill it
    whole."""
    kill_program(pid, uid, group, init)
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return  # exited; the caller reaps it with wait4
        time.sleep(0.005)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def kill_program(
    pid: int, uid: int | None, group: cgroups.RunGroup | None, init: str | None
) -> None:
    """Kill every process in the sandbox started as `pid` except its init (which then reaps
    and counts them, reports, and ends); everything below the sandbox process when there is no
    init."""
    if group is not None:
        group.kill_all()
    if uid is not None:
        _kill_uid(uid)
    with contextlib.suppress(psutil.Error):
        below = psutil.Process(pid).children(recursive=True)
        inits = [p for p in below if is_init(p, init)]
        victims = below
        if inits:
            victims = inits[0].children(recursive=True)
        for child in victims:
            with contextlib.suppress(psutil.Error):
                child.kill()


def is_init(proc: psutil.Process, init: str | None) -> bool:
    try:
        first = proc.cmdline()[:1]
    except psutil.Error:
        return False
    return bool(first) and first[0] in (isolation.INIT, init)


def _kill_uid(uid: int) -> None:
    """Kill every live process owned by a sandbox uid (which only this run holds)."""
    for attempt in range(50):
        victims = [
            p
            for p in psutil.process_iter(["uids", "status"])
            if p.info["uids"] is not None
            and p.info["uids"].real == uid
            and p.info["status"] != psutil.STATUS_ZOMBIE
        ]
        if not victims:
            return
        for p in victims:
            with contextlib.suppress(psutil.Error):
                p.kill()
        time.sleep(0.002 * (attempt + 1))


def classify(
    limits: Limits,
    *,
    exit_code: int | None,
    signal_no: int | None,
    cpu_s: float,
    memory_mib: float,
    stderr: bytes,
    wall_exceeded: bool,
    output_exceeded: bool,
    oom_killed: bool = False,
) -> tuple[Verdict, str]:
    """Turn how a run ended into a verdict and a one-line reason."""
    if output_exceeded:
        return Verdict.OLE, f"output exceeded {limits.output_bytes // MIB} MiB"
    if cpu_s > limits.time_s:
        return Verdict.TLE, f"CPU time {cpu_s:.2f} s exceeded the limit of {limits.time_s:g} s"
    if signal_no == signal.SIGPROF:
        # The sandbox's CPU timer (Limits.cpu_timer_s) stopped it: the kernel's scheduler clock
        # passed the limit even where the usage it reports (sampled, then scaled) is a little
        # under it, as on a busy virtual machine.
        return Verdict.TLE, (
            f"CPU time limit of {limits.time_s:g} s exceeded (stopped at "
            f"{cpu_s:.2f} s by the CPU timer)"
        )
    if oom_killed:
        return Verdict.MLE, (
            f"the run's memory (all its processes, files in /tmp, buffers) "
            f"exceeded {limits.memory_mib} MiB"
        )
    # Before the wall clock: a run that went past its memory limit and then stalled (processes
    # thrashing at their memory cgroup's limit) broke the memory limit first.
    if memory_mib > limits.memory_mib:
        return Verdict.MLE, f"peak memory {memory_mib:.0f} MiB exceeded {limits.memory_mib} MiB"
    if wall_exceeded:
        return Verdict.TLE, f"wall time exceeded {limits.wall_limit_s:g} s"
    if signal_no == signal.SIGXFSZ:
        return Verdict.RTE, "file size limit exceeded (SIGXFSZ)"
    failed = exit_code != 0
    if failed and (any(m in stderr for m in _OOM_MARKERS) or memory_mib >= 0.9 * limits.memory_mib):
        return Verdict.MLE, f"allocation refused at the memory limit of {limits.memory_mib} MiB"
    if signal_no is not None:
        name = _signal_name(signal_no)
        return Verdict.RTE, f"killed by signal {name}"
    if exit_code != 0:
        return Verdict.RTE, f"exit code {exit_code}"
    return Verdict.OK, ""


def _signal_name(signal_no: int) -> str:
    try:
        return signal.Signals(signal_no).name
    except ValueError:
        return str(signal_no)


def exec_failed(err: int, limits: Limits, stderr: bytes, wall: float) -> RunResult:
    if err in (errno.ENOMEM, errno.E2BIG):
        return RunResult(
            Verdict.MLE,
            None,
            None,
            0.0,
            wall,
            0.0,
            b"",
            stderr,
            message=f"the program does not fit in {limits.memory_mib} MiB",
        )
    return RunResult.judge_error(f"cannot execute the program: {os.strerror(err)}")
