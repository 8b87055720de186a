"""Run one program on one input under limits and report what it did."""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from sandbox import isolation
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
_Waited = tuple[int, resource.struct_rusage]


@dataclass(frozen=True)
class _Report:
    status: int
    utime_s: float
    stime_s: float
    maxrss_kib: int
    exec_errno: int


@dataclass
class _Reading:
    stdout: bytearray
    stderr: bytearray
    stdout_bytes: int = 0
    stderr_bytes: int = 0
    output_exceeded: bool = False


def run(argv: Sequence[str], limits: Limits, *, stdin: Path | None = None,
        binds: Sequence[Bind] = (), cwd: str | None = None,
        iso: Isolation | None = None, env: dict[str, str] | None = None) -> RunResult:
    """Run `argv` (paths as the program sees them) in the sandbox.

    stdin is read from the file `stdin` (or is empty). The run's verdict is one of OK, TLE, MLE,
    RTE, OLE; a failure to start the sandbox at all is JE.
    """
    iso = iso or isolation.detect()
    scratch = None if iso.bwrap else Path(tempfile.mkdtemp(prefix="solver-scratch-"))
    try:
        if scratch is not None:
            scratch.chmod(0o1777)
        with isolation.cpu_slot(), isolation.uid_slot(iso) as uid, \
                _report_pipe(iso) as (report_r, report_w):
            cmd = isolation.command(iso, list(argv), limits, uid=uid, binds=list(binds),
                                    scratch=scratch, cwd=cwd, report_fd=report_w, env=env)
            return _execute(cmd, limits, stdin=stdin, uid=uid,
                            cwd=str(scratch) if scratch else None,
                            report=(report_r, report_w), sweep=not iso.bwrap)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def _report_pipe(iso: Isolation) -> Iterator[tuple[int | None, int | None]]:
    if not iso.init:
        yield None, None
        return
    r, w = os.pipe()
    try:
        yield r, w
    finally:
        for fd in (r, w):
            with contextlib.suppress(OSError):
                os.close(fd)


def _read_report(report_r: int | None) -> _Report | None:
    """The program's own wait status and usage as the sandbox init saw it, if it reported."""
    if report_r is None:
        return None
    os.set_blocking(report_r, False)
    try:
        text = os.read(report_r, 256).decode()
    except (BlockingIOError, OSError):
        return None
    fields = text.split()
    if len(fields) != 5:
        return None
    status, utime_us, stime_us, maxrss_kib, exec_errno = (int(f) for f in fields)
    return _Report(status, utime_us / 1e6, stime_us / 1e6, maxrss_kib, exec_errno)


def _execute(cmd: list[str], limits: Limits, *, stdin: Path | None, uid: int | None,
             cwd: str | None, report: tuple[int | None, int | None],
             sweep: bool) -> RunResult:
    """Start `cmd` and collect what it did. `sweep`: kill whatever the sandbox uid still runs
    afterwards (needed without a PID namespace, whose end takes everything with it)."""
    report_r, report_w = report
    stdin_file = open(stdin, "rb") if stdin is not None else open(os.devnull, "rb")  # noqa: SIM115
    start = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, stdin=stdin_file, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=cwd, start_new_session=True,
                                close_fds=True,
                                pass_fds=(report_w,) if report_w is not None else ())
    except OSError as exc:
        stdin_file.close()
        return _judge_error(f"cannot start the sandbox: {exc}")
    stdin_file.close()
    reading = _Reading(bytearray(), bytearray())
    waited: _Waited | None = None
    wall_exceeded = False
    try:
        wall_exceeded, waited = _pump(proc, limits, reading, start)
    finally:
        if waited is None:
            _kill_tree(proc.pid, uid)
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
    cpu = usage.ru_utime + usage.ru_stime
    memory_mib = usage.ru_maxrss / 1024  # the kernel reports KiB
    exec_errno = 0
    own = _read_report(report_r)
    if own is not None:
        status, cpu, memory_mib = own.status, own.utime_s + own.stime_s, own.maxrss_kib / 1024
        exec_errno = own.exec_errno
    elif proc.returncode != 0 and not (wall_exceeded or reading.output_exceeded):
        # The init did not report although nobody killed it: the sandbox itself failed.
        detail = bytes(reading.stderr).decode(errors="replace").strip().splitlines()[-1:]
        return _judge_error(f"the sandbox failed to start the program: {' '.join(detail)}")
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if exec_errno:
        return _exec_failed(exec_errno, limits, bytes(reading.stderr), wall)
    verdict, message = classify(limits, exit_code=exit_code, signal_no=sig, cpu_s=cpu,
                                memory_mib=memory_mib, stderr=bytes(reading.stderr),
                                wall_exceeded=wall_exceeded,
                                output_exceeded=reading.output_exceeded)
    return RunResult(verdict=verdict, exit_code=exit_code, signal=sig, cpu_time_s=cpu,
                     wall_time_s=wall, memory_mib=memory_mib, stdout=bytes(reading.stdout),
                     stderr=bytes(reading.stderr), message=message,
                     stdout_truncated=reading.output_exceeded)


def _pump(proc: subprocess.Popen[bytes], limits: Limits, reading: _Reading,
          start: float) -> tuple[bool, _Waited | None]:
    """Read stdout and stderr while the program runs.

    Returns whether the wall limit ran out, and the program's exit status and resource usage if
    it has ended (reaped with wait4, the only way to get its CPU time and peak memory from the
    kernel). Stops early, leaving the program to be killed, when output passes its limit.
    """
    assert proc.stdout is not None and proc.stderr is not None
    deadline = start + limits.wall_limit_s
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    pidfd = _pidfd(proc.pid)
    if pidfd is not None:
        sel.register(pidfd, selectors.EVENT_READ, "exit")
    waited: _Waited | None = None
    exited_at = 0.0
    pipes = 2
    try:
        while True:
            if waited is None:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    waited, exited_at = (status, usage), time.monotonic()
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
            elif pidfd is None:
                timeout = min(timeout, 0.02)
            for key, _ in sel.select(timeout):
                if key.data == "exit":
                    sel.unregister(key.fileobj)
                    continue
                chunk = os.read(key.fd, _READ_CHUNK)
                if not chunk:
                    sel.unregister(key.fileobj)
                    pipes -= 1
                elif _take(reading, key.data, chunk, limits):
                    return False, waited
    finally:
        sel.close()
        if pidfd is not None:
            os.close(pidfd)


def _take(reading: _Reading, stream: str, chunk: bytes, limits: Limits) -> bool:
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


def _kill_tree(pid: int, uid: int | None) -> None:
    """Kill everything under the sandbox process, then let it exit and be reaped by us.

    Killing the sandbox process itself at the same time would orphan its child, which would
    then linger as a zombie until the host's init reaped it.
    """
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
    if uid is not None:
        _kill_uid(uid)
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return  # exited; the caller reaps it with wait4
        time.sleep(0.005)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _kill_uid(uid: int) -> None:
    """Kill every live process owned by a sandbox uid (which only this run holds)."""
    for attempt in range(50):
        victims = [p for p in psutil.process_iter(["uids", "status"])
                   if p.info["uids"] is not None and p.info["uids"].real == uid
                   and p.info["status"] != psutil.STATUS_ZOMBIE]
        if not victims:
            return
        for p in victims:
            with contextlib.suppress(psutil.Error):
                p.kill()
        time.sleep(0.002 * (attempt + 1))


def classify(limits: Limits, *, exit_code: int | None, signal_no: int | None, cpu_s: float,
             memory_mib: float, stderr: bytes, wall_exceeded: bool,
             output_exceeded: bool) -> tuple[Verdict, str]:
    """Turn how a run ended into a verdict and a one-line reason."""
    if output_exceeded:
        return Verdict.OLE, f"output exceeded {limits.output_bytes // MIB} MiB"
    if cpu_s > limits.time_s:
        return Verdict.TLE, f"CPU time {cpu_s:.2f} s exceeded the limit of {limits.time_s:g} s"
    if wall_exceeded:
        return Verdict.TLE, f"wall time exceeded {limits.wall_limit_s:g} s"
    if signal_no == signal.SIGXFSZ:
        return Verdict.RTE, "file size limit exceeded (SIGXFSZ)"
    if memory_mib > limits.memory_mib:
        return Verdict.MLE, f"peak memory {memory_mib:.0f} MiB exceeded {limits.memory_mib} MiB"
    failed = exit_code != 0
    if failed and (any(m in stderr for m in _OOM_MARKERS)
                   or memory_mib >= 0.9 * limits.memory_mib):
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


def _exec_failed(err: int, limits: Limits, stderr: bytes, wall: float) -> RunResult:
    if err in (errno.ENOMEM, errno.E2BIG):
        return RunResult(Verdict.MLE, None, None, 0.0, wall, 0.0, b"", stderr,
                         message=f"the program does not fit in {limits.memory_mib} MiB")
    return _judge_error(f"cannot execute the program: {os.strerror(err)}")


def _judge_error(message: str) -> RunResult:
    return RunResult(Verdict.JE, None, None, 0.0, 0.0, 0.0, b"", b"", message=message)
