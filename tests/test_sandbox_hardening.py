"""Attacks a determined submission (or a hostile package program) makes on the sandbox itself.

Each test is one hole of issue 9, attacked with a small program from tests/hostile/: forged
accounting, uncounted children, a judge killed mid-run, memory outside the limit, the kernel
keyrings, the host's test file as stdin, /opt and /etc, threads, the syscall filter, and the
figures of a run stopped at the wall limit. Same conditions and the same `judge` fixture (which
checks that nothing survives and the judge still works) as tests/test_hostile.py.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from sandbox import Limits, Verdict, detect, runner
from sandbox.cgroups import HEADROOM_MIB
from tests import test_hostile
from tests.test_hostile import HOSTILE, LIMITS, SANDBOX_UIDS, Judge, _program, needs_gcc

pytestmark = pytest.mark.slow
judge = test_hostile.judge  # the fixture: checks that nothing survives and the judge still works
_ISO = detect()
needs_filter = pytest.mark.skipif(_ISO.filters is None, reason="no syscall filter here")
needs_cgroups = pytest.mark.skipif(not _ISO.cgroups, reason="no cgroups for runs here")
needs_gxx = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
needs_java = pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK")
ROOT = Path(__file__).resolve().parent.parent


def _token() -> str:
    return f"hostile-{uuid.uuid4().hex}"


# --- 1. accounting the program cannot touch ----------------------------------------------------


def test_a_forged_report_through_proc_is_impossible(judge: Judge) -> None:
    # The program burns 1.3 s of CPU under a 1 s limit, then rewrites the init's report format
    # through /proc/1/mem so that it reports "exit 0, 0 s, 0 MiB". The init is root and not
    # dumpable: its memory is out of reach, and the real figures stand.
    res = judge.run("forge_report.py", limits=LIMITS.with_(wall_s=10))
    assert res.verdict is Verdict.TLE, res.message
    assert res.cpu_time_s > LIMITS.time_s
    assert res.stdout == b"PermissionError\n"


FORGED = [
    "99999999999999999999 0 0 0 0 0",  # a status no wait() returns (OverflowError before)
    "99999999999 0 0 0 0",  # the old five-field format with the same status
    "4991 0 0 0 0 0",  # a stopped process: not an ending
    "0 -1 0 0 0 0",  # negative time
    "0 999999999999 0 0 0 0",  # more CPU than the machine has had
    "0 0 0 999999999999999 0 0",  # more memory than the machine has
    "0 0 0 0 7 0",  # an unknown stage
    "0 0 0 0 0 0\n0 0 0 0 0 0",  # two reports
    "0 0 0 0 0 0 " + " " * 5000,  # a flood
    "not a report",
]


def write_fake_init(path: Path, report: str) -> Path:
    """An init that writes `report` (and a line break) to its report pipe and nothing else.

    A shell script: the sandbox shows the judge's Python elsewhere than on the host, and
    bubblewrap copies the init in, so its interpreter must be one the sandbox has at the same
    path. The pipe is reached through /proc (its number may need two digits)."""
    payload = (report + "\n").replace("\n", "\\n")
    path.write_text(
        "#!/bin/sh\n"
        'while [ "$#" -gt 0 ] && [ "$1" != -r ]; do shift; done\n'
        f"printf '%b' '{payload}' > /proc/self/fd/$2\n"
    )
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("forged", FORGED)
def test_a_malformed_report_is_a_judge_error(tmp_path: Path, forged: str) -> None:
    # An init that lies (it stands in for the real one here) makes the run JE, never a crash or a
    # verdict built on its figures.
    fake = write_fake_init(tmp_path / "fake-init", forged)
    iso = dataclasses.replace(_ISO, init=str(fake))
    res = runner.run([sys.executable, "-c", "pass"], LIMITS, iso=iso)
    assert res.verdict is Verdict.JE, res
    assert "report" in res.message


# --- 2. the whole run is accounted -------------------------------------------------------------


@needs_filter
def test_starting_processes_is_refused_by_default(judge: Judge) -> None:
    # Children it never reaps would do the work unaccounted; a submission may not start any.
    res = judge.run("spawn_workers.py", limits=LIMITS.with_(wall_s=20))
    assert res.verdict is Verdict.RTE, res.message
    assert b"PermissionError" in res.stderr


@needs_cgroups
def test_unreaped_children_are_counted_when_spawning_is_allowed(judge: Judge) -> None:
    # Three children burn 0.9 s of CPU each and are never reaped: 2.7 s for the run.
    res = judge.run("spawn_workers.py", limits=LIMITS.with_(spawn=True, wall_s=20))
    assert res.verdict is Verdict.TLE, res.message
    assert res.cpu_time_s > 2.0


@needs_cgroups
def test_processes_sharing_the_memory_limit_are_mle(judge: Judge) -> None:
    # Three processes of 100 MiB each, under a 128 MiB limit each: 300 MiB for the run.
    res = judge.run("spawn_memory.py", limits=LIMITS.with_(spawn=True, time_s=5))
    assert res.verdict is Verdict.MLE, res.message
    assert res.memory_mib <= LIMITS.memory_mib + HEADROOM_MIB + 1


# --- 3. nothing outlives the judge -------------------------------------------------------------


def _run_descendants(pid: int) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return psutil.Process(pid).children(recursive=True)
    return []


def _sleeping_package(root: Path) -> Path:
    (root / "data" / "secret").mkdir(parents=True)
    (root / "problem.yaml").write_text("name: Sleep\n")
    (root / "data" / "secret" / "1.in").write_text("1\n")
    (root / "data" / "secret" / "1.ans").write_text("1\n")
    return root


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("command", ["run", "judge"], ids=["cold", "box"])
def test_a_killed_judge_takes_the_sandbox_with_it(
    tmp_path: Path, how: signal.Signals, command: str
) -> None:
    # `solver run` starts a sandbox for its one run; `solver judge` runs a package's tests in
    # a box (sandbox/box.py), whose server must die with the judge and take the run with it.
    sleeper = str(HOSTILE / "sleep_forever.py")
    args = (
        ["run", sleeper]
        if command == "run"
        else ["judge", str(_sleeping_package(tmp_path)), sleeper]
    )
    cli = subprocess.Popen(
        [sys.executable, "-m", "solver", *args, "-t", "60"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    seen: list[psutil.Process] = []
    try:
        # Generous: other judges on the machine may hold every CPU slot for a while.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            p.uids().real in SANDBOX_UIDS for p in seen if p.is_running()
        ):
            seen = _run_descendants(cli.pid)
            time.sleep(0.05)
        assert any(p.uids().real in SANDBOX_UIDS for p in seen), "the program never started"
        os.kill(cli.pid, how)
        cli.wait(timeout=10)
        deadline = time.monotonic() + 3
        alive = seen
        while alive and time.monotonic() < deadline:
            alive = [p for p in seen if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
            time.sleep(0.05)
        assert not alive, f"left running after the judge died: {[p.pid for p in alive]}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(cli.pid, signal.SIGKILL)
        for p in seen:
            with contextlib.suppress(psutil.Error):
                p.kill()


# --- 4. the syscall filter ---------------------------------------------------------------------


@needs_gcc
@needs_filter
def test_forbidden_syscalls_fail_with_eperm(judge: Judge) -> None:
    res = judge.run("forbidden_syscalls.c")
    assert res.verdict is Verdict.OK, res.message
    outcome = dict(line.split(": ", 1) for line in res.stdout.decode().splitlines())
    assert set(outcome) == {
        "ptrace",
        "process_vm_readv",
        "keyctl",
        "add_key",
        "unshare",
        "mount",
        "io_uring_setup",
        "perf_event_open",
        "userfaultfd",
        "memfd_create",
        "socketpair",
        "fork",
    }
    assert set(outcome.values()) == {"Operation not permitted"}, outcome


def _keyctl_numbers() -> tuple[int, int]:
    """(add_key, keyctl) syscall numbers of this machine."""
    numbers = {"x86_64": (248, 250), "aarch64": (217, 219)}
    if platform.machine() not in numbers:
        pytest.skip(f"no keyring syscall numbers for {platform.machine()}")
    return numbers[platform.machine()]


@contextlib.contextmanager
def _judge_key(description: str) -> Iterator[None]:
    """A key in a fresh session keyring of the judge's own process."""
    add_key, keyctl = _keyctl_numbers()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(keyctl, 1, None) < 0:  # KEYCTL_JOIN_SESSION_KEYRING, anonymous
        pytest.skip("no kernel keyrings here")
    key = libc.syscall(add_key, b"user", description.encode(), b"secret", 6, -3)
    assert key > 0, os.strerror(ctypes.get_errno())
    try:
        yield
    finally:
        libc.syscall(keyctl, 21, ctypes.c_long(key))  # KEYCTL_INVALIDATE


@needs_gcc
@needs_filter
def test_keyrings_are_out_of_reach(judge: Judge) -> None:
    mine, left = _token(), _token()
    with _judge_key(mine):
        first = judge.run("keyring.c", f"{left}\n")
        second = judge.run("keyring.c", f"{_token()}\n")
    for res in (first, second):
        assert res.verdict is Verdict.OK, res.message
        assert mine.encode() not in res.stdout, "the judge's key was visible"
        assert b"added: no" in res.stdout
    assert left.encode() not in second.stdout, "a key left by one run was read by the next"


# --- 5. memory outside the limit ---------------------------------------------------------------


@needs_filter
def test_memfd_is_refused(judge: Judge) -> None:
    res = judge.run("memfd.py")
    assert res.verdict is Verdict.RTE, res.message
    assert b"PermissionError" in res.stderr


@needs_gcc
@needs_filter
def test_sysv_shared_memory_is_refused(judge: Judge) -> None:
    res = judge.run("sysv_shm.c")
    assert res.verdict is Verdict.RTE, res.message
    assert b"shmget: Operation not permitted" in res.stderr


@needs_gcc
@needs_filter
def test_sysv_message_queues_are_refused(judge: Judge) -> None:
    # 200 MiB of messages under a 64 MiB limit was OK with a peak of 1.5 MiB (issue 17).
    res = judge.run("sysv_msg.c", limits=LIMITS.with_(memory_mib=64))
    assert res.verdict is Verdict.RTE, res.message
    assert b"msgget: Operation not permitted" in res.stderr
    assert b"stored" not in res.stdout


@needs_gcc
@needs_filter
def test_sysv_semaphores_are_refused_before_the_host_pays(judge: Judge) -> None:
    # 128 sets of 32000 semaphores took about 256 MiB of the host's memory (its MemAvailable,
    # read by the program itself: the sandbox's /proc/meminfo is the host's) while the run
    # reported a peak of 1.4 MiB.
    res = judge.run("sysv_sem.c", limits=LIMITS.with_(memory_mib=64))
    assert res.verdict is Verdict.RTE, res.message
    assert b"semget: Operation not permitted" in res.stderr
    fell = int(res.stdout.decode().split("MemAvailable fell ")[1].split()[0])
    assert fell < 64, f"the host's available memory fell {fell} MiB"


@needs_gcc
@needs_filter
def test_posix_message_queues_are_refused(judge: Judge) -> None:
    res = judge.run("posix_mqueue.c")
    assert res.verdict is Verdict.RTE, res.message
    assert b"mq_open: Operation not permitted" in res.stderr


@needs_filter
@pytest.mark.parametrize("spawn", [False, True], ids=["no-spawn", "spawn"])
def test_every_ipc_call_is_refused_for_every_kind_of_run(judge: Judge, spawn: bool) -> None:
    # Both filters (submissions, and runs that may start processes: validators, compilers);
    # the warm executor's children inherit the spawn one (tests/test_warm.py).
    res = judge.run("sysv_ipc.py", limits=LIMITS.with_(spawn=spawn))
    assert res.verdict is Verdict.OK, res.message
    outcome = dict(line.split(": ") for line in res.stdout.decode().splitlines())
    assert set(outcome) == {"msgget", "msgctl", "semget", "semctl", "shmctl", "shmdt", "mq_open"}
    assert set(outcome.values()) == {"EPERM"}, outcome


def test_nothing_written_to_the_scratch_folder_runs(judge: Judge) -> None:
    # /tmp is noexec (the init remounts it, root or not: see tests/test_sandbox_mounts.py):
    # neither exec nor an executable mapping of a file the program wrote there (issue 17).
    res = judge.run("exec_from_tmp.py")
    assert res.verdict is Verdict.OK, res.message
    assert res.stdout == b"mmap: refused\nexec: refused\n"


@needs_java
@needs_cgroups
def test_java_off_heap_memory_has_a_hard_bound(judge: Judge) -> None:
    # 1 GiB through Unsafe, outside -Xmx: the run's memory cgroup stops it near the limit.
    # (Its peak resident size may pass the group's limit by the JVM's shared file pages, which
    # are charged to whoever read them first.)
    res = judge.run("OffHeap.java", limits=LIMITS.with_(time_s=10))
    assert res.verdict is Verdict.MLE, res.message
    assert b"held" not in res.stdout
    assert res.memory_mib < 2 * LIMITS.memory_mib


# --- 9. stdin ----------------------------------------------------------------------------------


def test_stdin_is_not_the_judges_file(judge: Judge) -> None:
    token = _token()
    test_file = judge.tmp_path / f"{token}.in"
    test_file.write_text("the judge's test\n")
    test_file.chmod(0o666)  # even a world-writable test file stays untouched
    res = _program("stdin_rewrite.py").run(LIMITS, stdin=test_file)
    judge.check_unharmed()
    assert res.verdict is Verdict.OK, res.message
    assert test_file.read_text() == "the judge's test\n"
    assert token.encode() not in res.stdout, "the test's host path was visible"
    assert b"read 17 bytes" in res.stdout


# --- 10. only what programs need is visible ----------------------------------------------------


@pytest.fixture
def package_under_opt() -> Iterator[Path]:
    root = Path("/opt") / _token()
    answer = root / "data" / "secret" / "1.ans"
    answer.parent.mkdir(parents=True)
    for d in (root, root / "data", answer.parent):
        d.chmod(0o755)
    answer.write_text("the hidden answer\n")
    answer.chmod(0o644)
    try:
        yield answer
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_package_under_opt_and_the_hosts_etc_are_invisible(
    judge: Judge, package_under_opt: Path
) -> None:
    paths = [package_under_opt, "/etc/shadow", "/etc/hostname", "/etc/machine-id", "/etc/passwd"]
    res = judge.run("read_host_files.py", "\n".join(map(str, paths)) + "\n")
    assert res.verdict is Verdict.OK, res.message
    lines = {line.split(" ", 2)[0]: line for line in res.stdout.decode().splitlines()}
    for hidden in paths[:4]:
        assert lines[str(hidden)].split(" ")[1] == "error", lines[str(hidden)]
    assert b"hidden answer" not in res.stdout
    # /etc/passwd is the sandbox's own: root, nobody and the sandbox uids only.
    host_users = {line.split(":")[0] for line in Path("/etc/passwd").read_text().splitlines()}
    etc = lines["etc:"].split()[1:]
    assert "shadow" not in etc and "hostname" not in etc and "ld.so.cache" in etc
    assert "read root:x:0:0" in lines["/etc/passwd"]
    others = host_users - {"root", "nobody"}
    assert not any(f"\n{user}:" in res.stdout.decode() for user in others)


# --- 11. threads -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["threads.py", pytest.param("threads.cpp", marks=needs_gxx)])
def test_an_ordinary_threaded_program_runs(judge: Judge, name: str) -> None:
    res = judge.run(name, "1000000\n")
    assert res.verdict is Verdict.OK, res.message + res.stderr.decode(errors="replace")
    assert res.stdout == b"499999500000\n"


# --- 12. figures of a run stopped at the wall limit --------------------------------------------


def test_a_run_stopped_at_the_wall_limit_reports_its_real_usage(judge: Judge) -> None:
    res = judge.run("busy_then_sleep.py", limits=Limits(time_s=1, memory_mib=128))
    assert res.verdict is Verdict.TLE, res.message
    assert res.wall_time_s >= LIMITS.wall_limit_s
    assert 0.45 <= res.cpu_time_s < 1.0
    assert 60 <= res.memory_mib < 128


@needs_gcc
@needs_filter
@pytest.mark.skipif(platform.machine() != "x86_64", reason="int 0x80 is x86_64's")
def test_a_foreign_architecture_syscall_kills_the_program(judge: Judge) -> None:
    res = judge.run("foreign_syscall.c")
    assert res.verdict is Verdict.RTE, res.message
    assert res.signal == signal.SIGSYS


def test_a_large_stdin_arrives_whole_through_the_pipe(judge: Judge) -> None:
    data = os.urandom(3 * 1024 * 1024 + 7)
    test_file = judge.tmp_path / "big.in"
    test_file.write_bytes(data)
    res = _program("stdin_digest.py").run(LIMITS.with_(time_s=5), stdin=test_file)
    assert res.verdict is Verdict.OK, res.message
    assert res.stdout.decode().split() == [str(len(data)), hashlib.sha256(data).hexdigest()]
    # A program that never reads its input ends as soon as it likes.
    res = _program("stdin_digest.py").run(LIMITS, stdin=test_file, args=("ignore",))
    judge.check_unharmed()
    assert res.verdict is Verdict.OK, res.message
    assert res.stdout == b"ignored\n" and res.wall_time_s < LIMITS.wall_limit_s


def test_a_judge_exiting_keeps_the_cgroups_of_a_uid_another_judge_now_holds() -> None:
    # Two judges on one machine: this one ran as sandbox uid U and exits while another judge
    # holds U (its lock) and runs in U's groups. Removing them then would make the other
    # run's cgroup vanish under it (a judge error); they are removed only when free.
    import fcntl

    from sandbox import cgroups
    from sandbox.isolation import LOCK_DIR, UID_BASE, UID_SLOTS

    ok, why = cgroups.available()
    if not ok:
        pytest.skip(why)
    groups = cgroups._own_groups()
    assert groups is not None
    uid = UID_BASE + UID_SLOTS - 1  # the last slot: no concurrent run takes it here
    dirs = [base / f"solver-sandbox-{uid}" for base in groups.values()]
    for d in dirs:
        d.mkdir(exist_ok=True)
    made = set(cgroups._made)
    cgroups._made.update(dirs)
    LOCK_DIR.mkdir(mode=0o755, exist_ok=True)
    fd = os.open(LOCK_DIR / f"{uid}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # "another judge" holds the uid
        cgroups._remove_made()
        assert all(d.is_dir() for d in dirs)
        fcntl.flock(fd, fcntl.LOCK_UN)  # and is done with it
        cgroups._remove_made()
        assert not any(d.exists() for d in dirs)
    finally:
        os.close(fd)
        cgroups._made.clear()
        cgroups._made.update(made)
        for d in dirs:
            with contextlib.suppress(OSError):
                d.rmdir()


def test_run_slot_locks_do_not_depend_on_tmpdir(tmp_path: Path) -> None:
    # Two judges with other TMPDIRs (a CI job, a user's shell) must share the uid and CPU slot
    # locks, or both would run programs as the same sandbox uid and kill each other's.
    def lock_dir(env: dict[str, str]) -> str:
        return subprocess.run(
            [sys.executable, "-c", "from sandbox.isolation import LOCK_DIR; print(LOCK_DIR)"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **env},
        ).stdout.strip()

    assert lock_dir({"TMPDIR": str(tmp_path)}) == lock_dir({"TMPDIR": "/tmp"})
