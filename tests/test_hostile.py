"""Hostile programs against the real sandbox: each gets the right verdict and leaves nothing behind.

Every program in tests/hostile/ is run under small limits through the public API. Besides the
verdict, every test checks (in `judge`) that the judge is still alive, that no process of the
sandbox uids (61000..61255) survives the run, and that a trivial program run right afterwards
still gets OK with the right output.

Needs root (programs run as dedicated unprivileged uids that setpriv drops to) and a working
bubblewrap; the whole file is skipped otherwise.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from sandbox import Bind, Limits, Program, RunResult, Verdict, compile_source, detect
from sandbox import box as reuse

if os.geteuid() != 0:
    pytest.skip(
        "hostile-program tests need root: programs run as dedicated uids "
        "61000..61255 that the judge drops to with setpriv",
        allow_module_level=True,
    )
if shutil.which("bwrap") is None:
    pytest.skip(
        "hostile-program tests need bubblewrap (apt-get install bubblewrap)",
        allow_module_level=True,
    )
_ISO = detect()
if _ISO.bwrap is None:
    pytest.skip(
        f"bubblewrap is installed but cannot sandbox here: {_ISO.bwrap_error}",
        allow_module_level=True,
    )
if _ISO.prlimit is None or _ISO.setpriv is None:
    pytest.skip(
        "hostile-program tests need util-linux's prlimit and setpriv", allow_module_level=True
    )

HOSTILE = Path(__file__).resolve().parent / "hostile"
LIMITS = Limits(time_s=1, memory_mib=128)
SANDBOX_UIDS = range(61000, 61256)
REAP_GRACE_S = 1.0
"""How long processes of a finished run may take to disappear."""
TEST_DEADLINE_S = 30
"""A test still running after this long is a hung judge: fail it instead of waiting forever."""

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
pytestmark = pytest.mark.slow


@functools.cache
def _program(name: str) -> Program:
    built = compile_source(HOSTILE / name)
    assert built.ok, f"{name} does not build: {built.message}"
    assert built.program is not None
    return built.program


def _is_ours_or_orphaned(proc: psutil.Process) -> bool:
    """Whether a sandbox-uid process came from this judge (or escaped from any judge).

    Other judges may be running on this machine at the same time, with their own sandbox uids:
    their live processes hang below them and are not ours to complain about. A process below
    this judge, or one that has been reparented to PID 1, is.
    """
    try:
        for parent in proc.parents():
            if parent.pid in (os.getpid(), 1):
                return True
            if parent.uids().real not in SANDBOX_UIDS:
                # The first non-sandbox ancestor: a judge's bwrap. Ours hangs below us.
                return any(p.pid == os.getpid() for p in parent.parents())
    except psutil.Error:
        return True  # vanished or unreadable half-way: look again on the next poll
    return True


def _survivors() -> list[str]:
    """Processes of the sandbox uids that this judge left behind.

    Zombies count only while this judge is their parent (then the judge failed to reap them);
    a zombie handed to PID 1 is dead and waits for the host's init to collect it.
    """
    found = []
    for proc in psutil.process_iter(["pid", "ppid", "uids", "status", "name"]):
        info = proc.info
        if info["uids"] is None or info["uids"].real not in SANDBOX_UIDS:
            continue
        if info["status"] == psutil.STATUS_ZOMBIE and info["ppid"] != os.getpid():
            continue
        if _is_ours_or_orphaned(proc):
            found.append(
                f"pid {info['pid']} uid {info['uids'].real} {info['name']} "
                f"({info['status']}, parent {info['ppid']})"
            )
    return found


def _wait_for_no_survivors(grace_s: float = REAP_GRACE_S) -> list[str]:
    deadline = time.monotonic() + grace_s
    while True:
        left = _survivors()
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)


def _kill_survivors() -> None:
    """Clean up after a failed check so that later tests start from a clean machine."""
    for proc in psutil.process_iter(["uids"]):
        if (
            proc.info["uids"] is not None
            and proc.info["uids"].real in SANDBOX_UIDS
            and _is_ours_or_orphaned(proc)
        ):
            with contextlib.suppress(psutil.Error):
                proc.kill()


@dataclass
class Judge:
    tmp_path: Path
    parent_pid: int
    """The judge's parent when the test started: a program that kills it would change this."""

    def run(
        self,
        name: str,
        stdin: str | None = None,
        *,
        limits: Limits = LIMITS,
        binds: tuple[Bind, ...] = (),
    ) -> RunResult:
        """Run one hostile program, then check that the judge and the machine are unharmed."""
        program = _program(name)
        stdin_path = None
        if stdin is not None:
            stdin_path = self.tmp_path / f"{name}.in"
            stdin_path.write_text(stdin)
        boxes = reuse.current()
        served = boxes.served if boxes is not None else 0
        result = program.run(limits, stdin=stdin_path, binds=binds)
        started = program.static_bytes <= limits.memory_mib * 1024 * 1024  # else MLE at once
        if (
            started
            and boxes is not None
            and reuse.eligible(
                _ISO, program.language.run_limits(limits), (Bind(program.directory, "/box"), *binds)
            )
        ):
            assert boxes.served == served + 1, "the run did not take its box"
        self.check_unharmed()
        # The judge never waits much past the wall limit, whatever the program does. (The run's
        # own wall time, from start to everything killed and reaped: waiting for a CPU slot that
        # other judges on the machine hold is not the judge hanging; TEST_DEADLINE_S is.)
        assert result.wall_time_s < limits.wall_limit_s + 2.0, (
            f"the judge took {result.wall_time_s:.1f} s"
        )
        return result

    def check_unharmed(self) -> None:
        me = psutil.Process(os.getpid())
        assert me.is_running() and me.status() != psutil.STATUS_ZOMBIE
        assert os.getppid() == self.parent_pid, "the judge's parent died"
        left = _wait_for_no_survivors()
        if left:
            _kill_survivors()
        assert not left, f"sandbox processes survived the run: {left}"
        # A well-behaved program still runs normally right afterwards.
        stdin_path = self.tmp_path / "hello.in"
        stdin_path.write_text("21\n")
        after = _program("hello.py").run(LIMITS, stdin=stdin_path)
        assert after.verdict is Verdict.OK, after.message
        assert after.stdout == b"42\n"
        left = _wait_for_no_survivors()
        assert not left, f"sandbox processes survived a trivial run: {left}"


class _Hung(Exception):
    pass


@pytest.fixture(params=["cold", "box"])
def judge(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Judge]:
    """Every hostile program twice: in a sandbox of its own, and in a box reused across runs
    (sandbox/box.py), where the trivial run afterwards is in the same thread's boxes."""
    with reuse.reusing() if request.param == "box" else contextlib.nullcontext():
        yield from _judge(tmp_path)


def _judge(tmp_path: Path) -> Iterator[Judge]:
    left = _wait_for_no_survivors(grace_s=5.0)
    if left:
        _kill_survivors()
    assert not left, f"sandbox processes were alive before the test: {left}"

    def hung(signum: int, frame: object) -> None:
        raise _Hung(f"the test ran past {TEST_DEADLINE_S} s: the judge hangs")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(TEST_DEADLINE_S)
    try:
        yield Judge(tmp_path, os.getppid())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _token() -> str:
    return f"hostile-{uuid.uuid4().hex}"


# --- processes ---------------------------------------------------------------------------------


SPAWN = pytest.mark.parametrize("spawn", [False, True], ids=["no-spawn", "spawn"])


@SPAWN
def test_python_fork_bomb_is_tle(judge: Judge, spawn: bool) -> None:
    # Without the right to start processes every fork is refused (EPERM) and retried forever;
    # with it, RLIMIT_NPROC and the run's pids cgroup cap it at 64 processes sharing the CPUs.
    # Either way the program never ends: the wall limit stops it.
    res = judge.run("fork_bomb.py", limits=LIMITS.with_(spawn=spawn))
    assert res.verdict is Verdict.TLE, res.message


@needs_gcc
@SPAWN
def test_c_fork_bomb_is_tle(judge: Judge, spawn: bool) -> None:
    res = judge.run("fork_bomb.c", limits=LIMITS.with_(spawn=spawn))
    assert res.verdict is Verdict.TLE, res.message


def test_killing_its_parent_is_ok(judge: Judge) -> None:
    # Inside its PID namespace the program's parent is the sandbox init, PID 1 there, which
    # runs as root while the program runs as a sandbox uid: the kill is refused (EPERM), the
    # program carries on and ends normally: OK is the honest verdict.
    res = judge.run("kill_parent.py")
    assert res.verdict is Verdict.OK, res.message
    assert res.stdout == b"killed parent 1: PermissionError\nstill alive\n"


@needs_gcc
def test_kill_minus_one_is_ok(judge: Judge) -> None:
    # kill(-1) reaches every process the caller may signal except itself and init; in the
    # sandbox's PID namespace that leaves nobody (ESRCH), and the judge, outside, is out of
    # reach. The program then exits 0: OK.
    res = judge.run("kill_all.c")
    assert res.verdict is Verdict.OK, res.message
    assert res.stdout == b"kill(-1): No such process\nstill alive\n"


def test_daemonized_grandchild_does_not_outlive_the_run(judge: Judge) -> None:
    # The program gets a writable directory (a real host directory bound at /judge/out) so that
    # a surviving daemon would visibly leave its marker there.
    out = judge.tmp_path / "out"
    out.mkdir()
    out.chmod(0o777)
    # Only a run allowed to start processes can try (as package validators may).
    res = judge.run(
        "daemon.py",
        "/judge/out\n",
        binds=(Bind(out, "/judge/out", writable=True),),
        limits=LIMITS.with_(spawn=True),
    )
    ended = time.monotonic()
    assert res.verdict is Verdict.OK, res.message
    assert res.stdout == b"parent done\n"
    assert (out / "parent").read_text() == "parent was here\n"  # the directory was writable
    # The daemon writes its marker one second after starting; give it ample time to.
    time.sleep(max(0.0, 2.0 - (time.monotonic() - ended)))
    assert not (out / "daemon").exists(), "the daemonized grandchild survived the run"
    assert sorted(p.name for p in out.iterdir()) == ["parent"]


# --- memory ------------------------------------------------------------------------------------


def test_python_memory_bomb_is_mle(judge: Judge) -> None:
    res = judge.run("memory_bomb.py")
    assert res.verdict is Verdict.MLE, res.message
    assert b"MemoryError" in res.stderr


@needs_gcc
def test_c_memory_bomb_is_mle(judge: Judge) -> None:
    res = judge.run("memory_bomb.c")
    assert res.verdict is Verdict.MLE, res.message
    assert b"Cannot allocate memory" in res.stderr


@needs_gcc
def test_c_memory_bomb_unchecked_is_mle(judge: Judge) -> None:
    # RLIMIT_AS refuses the allocation up front and the program crashes on the NULL with a
    # tiny peak memory; the sandbox's preloaded reporter says why, so it is MLE, not RTE.
    res = judge.run("memory_bomb_unchecked.c")
    assert res.verdict is Verdict.MLE, res.message
    assert b"sandbox: out of memory: an allocation of 8589934592 bytes was refused" in res.stderr


def test_python_gradual_leak_is_mle(judge: Judge) -> None:
    res = judge.run("leak.py")
    assert res.verdict is Verdict.MLE, res.message
    assert res.memory_mib > 0.9 * LIMITS.memory_mib


@needs_gcc
def test_c_gradual_leak_is_mle(judge: Judge) -> None:
    # malloc finally returns NULL and the unchecked memset segfaults, but with the memory
    # (peak about 126 of 128 MiB) all used up: MLE, not RTE.
    res = judge.run("leak.c")
    assert res.verdict is Verdict.MLE, res.message
    assert res.memory_mib > 0.9 * LIMITS.memory_mib


@needs_gcc
def test_c_huge_static_array_is_mle(judge: Judge) -> None:
    # 2 GiB of .bss: refused before it runs, from the executable's own segment sizes.
    res = judge.run("static_array.c")
    assert res.verdict is Verdict.MLE, res.message
    assert res.memory_mib >= 2048


def test_python_deep_recursion_is_mle(judge: Judge) -> None:
    # Python 3.11 keeps Python frames on the heap, so with the recursion limit out of the way
    # the recursion stops when memory runs out (about 650,000 frames, peak about 125 MiB) and
    # the program exits 1 (a SystemError: not even a MemoryError could be allocated). CPython
    # then spends about 1.1 s of CPU unwinding those frames, on top of 0.1 s recursing: under
    # a 1 s limit the verdict is TLE (1.2-1.4 s measured), on a faster machine MLE. This test
    # gives it the CPU time to finish so the verdict is the one for what went wrong: MLE.
    limits = LIMITS.with_(time_s=3)
    res = judge.run("deep_recursion.py", limits=limits)
    assert res.verdict is Verdict.MLE, res.message
    assert res.memory_mib > 0.9 * LIMITS.memory_mib


@needs_gcc
def test_c_deep_recursion_is_mle(judge: Judge) -> None:
    # The stack may grow as far as the memory limit; the recursion segfaults once the address
    # space is used up (peak about 126 of 128 MiB), which the judge rightly calls MLE.
    res = judge.run("deep_recursion.c")
    assert res.verdict is Verdict.MLE, res.message
    assert res.signal == signal.SIGSEGV
    assert res.memory_mib > 0.9 * LIMITS.memory_mib


# --- time --------------------------------------------------------------------------------------


def test_busy_loop_is_tle(judge: Judge) -> None:
    res = judge.run("busy_loop.py")
    assert res.verdict is Verdict.TLE, res.message


def test_sleeping_forever_is_tle(judge: Judge) -> None:
    res = judge.run("sleep_forever.py")
    assert res.verdict is Verdict.TLE, res.message
    assert res.wall_time_s >= LIMITS.wall_limit_s
    assert res.cpu_time_s < LIMITS.time_s


def test_ignoring_signals_then_sleeping_is_tle(judge: Judge) -> None:
    res = judge.run("ignore_sigterm_sleep.py")
    assert res.verdict is Verdict.TLE, res.message
    assert res.wall_time_s >= LIMITS.wall_limit_s


@needs_gcc
def test_ignoring_signals_then_busy_is_tle(judge: Judge) -> None:
    # SIGXCPU is ignored too: the kernel's SIGKILL at the hard CPU limit ends it (or the
    # judge's, at the wall limit, on a machine too busy to give it the CPU time first).
    res = judge.run("ignore_sigterm_busy.c")
    assert res.verdict is Verdict.TLE, res.message
    assert res.signal == signal.SIGKILL


# --- output ------------------------------------------------------------------------------------


def test_endless_stdout_is_ole(judge: Judge) -> None:
    res = judge.run("endless_stdout.py")
    assert res.verdict is Verdict.OLE, res.message
    assert len(res.stdout) <= LIMITS.output_bytes
    assert res.stdout_truncated


def test_endless_stderr_is_ole(judge: Judge) -> None:
    res = judge.run("endless_stderr.py")
    assert res.verdict is Verdict.OLE, res.message
    assert len(res.stderr) <= LIMITS.stderr_keep_bytes


# --- filesystem --------------------------------------------------------------------------------


def test_writing_outside_its_directory_reaches_nothing_on_the_host(judge: Judge) -> None:
    token = _token()
    program_dir = _program("write_outside.py").directory
    writable_host_dir = judge.tmp_path / "open"
    writable_host_dir.mkdir()
    writable_host_dir.chmod(0o777)
    # Where the program tries to write, and where that would land on the host.
    targets = {
        f"/tmp/{token}": Path("/tmp") / token,  # the program's private /tmp: allowed, not host's
        f"/box/{token}": program_dir / token,
        f"/work/{token}": Path("/work") / token,
        f"/work/main/{token}": Path("/work/main") / token,
        f"/root/{token}": Path("/root") / token,
        f"/etc/{token}": Path("/etc") / token,
        f"/usr/{token}": Path("/usr") / token,
        f"/var/tmp/{token}": Path("/var/tmp") / token,
        f"/dev/shm/{token}": Path("/dev/shm") / token,
        f"/{token}": Path("/") / token,
        f"{program_dir}/{token}": program_dir / token,
        f"{writable_host_dir}/{token}": writable_host_dir / token,
        f"{Path.cwd()}/{token}": Path.cwd() / token,
    }
    res = judge.run("write_outside.py", "".join(f"{t}\n" for t in targets))
    assert res.verdict is Verdict.OK, res.message
    outcome = dict(line.rsplit(" ", 1) for line in res.stdout.decode().splitlines())
    assert outcome.keys() == targets.keys()
    assert outcome.pop(f"/tmp/{token}") == "ok"
    assert all(o != "ok" for o in outcome.values()), outcome
    landed = [str(host) for host in targets.values() if host.exists()]
    assert not landed, f"files written on the host: {landed}"


def _host_files_named(prefix: str, dirs: list[Path]) -> list[str]:
    return [str(p) for d in dirs if d.is_dir() for p in d.iterdir() if p.name.startswith(prefix)]


def test_python_filling_the_disk_is_rte(judge: Judge) -> None:
    # Many one-megabyte files: the private 64 MiB /tmp fills up (ENOSPC), the uncaught OSError
    # ends the program with exit code 1.
    token = _token()
    res = judge.run("fill_disk.py", f"{token}\n")
    assert res.verdict is Verdict.RTE, res.message
    assert b"No space left on device" in res.stderr
    dirs = [Path("/tmp"), Path.cwd(), judge.tmp_path, _program("fill_disk.py").directory]
    assert not _host_files_named(token, dirs)


@needs_gcc
def test_c_filling_one_file_is_rte(judge: Judge) -> None:
    # One file: the file size limit (as large as the scratch space) stops it with SIGXFSZ.
    token = _token()
    res = judge.run("fill_disk.c", f"{token}\n")
    assert res.verdict is Verdict.RTE, res.message
    assert res.signal == signal.SIGXFSZ
    dirs = [Path("/tmp"), Path.cwd(), judge.tmp_path, _program("fill_disk.c").directory]
    assert not _host_files_named(token, dirs)


# --- network -----------------------------------------------------------------------------------


class _Server:
    """A TCP server on 127.0.0.1 that counts the connections it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        # Let a connection that reached the backlog be counted before stopping.
        time.sleep(0.2)
        self.stop.set()
        self.thread.join()
        self.sock.close()


def test_connecting_to_a_local_server_is_rte(judge: Judge) -> None:
    with _Server() as server:
        # The server works: a connection from the judge's side is seen.
        with socket.create_connection(("127.0.0.1", server.port), timeout=2):
            pass
        deadline = time.monotonic() + 2
        while server.connections < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.connections == 1
        res = judge.run("socket_connect.py", f"{server.port}\n")
    # The sandbox has its own network namespace: 127.0.0.1 there is not the host's, the
    # connection is refused and the uncaught error ends the program with exit code 1.
    assert server.connections == 1, "the sandboxed program reached the host's server"
    assert res.verdict is Verdict.RTE, res.message
    assert res.stdout == b""


def test_every_hostile_program_is_used() -> None:
    # Used by this file, or by another test file (tests/test_sandbox_files.py uses files_*).
    source = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    names = {p.name for p in HOSTILE.iterdir() if p.suffix in (".py", ".c", ".cpp", ".java")}
    unused = sorted(name for name in names if f'"{name}"' not in source)
    assert not unused, f"hostile programs without a test: {unused}"
