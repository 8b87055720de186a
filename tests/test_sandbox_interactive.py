"""Hostile interactive submissions: the submission and the interactor run under exactly the
sandbox of any other run (syscall filter, cgroups where the limits need them, the init's
range-checked report), so what tests/test_sandbox_hardening.py denies a batch submission is
denied an interactive one too. Same conditions and the same `judge` fixture (nothing survives,
the judge still works) as tests/test_hostile.py."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import threading
from pathlib import Path

import psutil
import pytest

from sandbox import Limits, Program, Verdict, compile_source, detect, isolation
from sandbox.interactive import InteractiveResult, interact
from sandbox.isolation import Isolation
from tests import test_hostile
from tests.test_hostile import HOSTILE, SANDBOX_UIDS, Judge, _program, needs_gcc
from tests.test_sandbox_hardening import write_fake_init

pytestmark = pytest.mark.slow
judge = test_hostile.judge  # the fixture: checks that nothing survives and the judge still works
_ISO = detect()
needs_filter = pytest.mark.skipif(_ISO.filters is None, reason="no syscall filter here")
LIMITS = Limits(time_s=1, memory_mib=128)
DENIED = "Operation not permitted"

# Sends the input's number, reads one line, accepts it when its first word is the answer, and
# passes the whole line on as the judge message (what the submission saw of the sandbox).
INTERACTOR = """
import sys
inp, ans, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
print(open(inp).read().strip(), flush=True)
line = sys.stdin.readline().strip()
with open(feedback + "judgemessage.txt", "w") as f:
    f.write(f"got: {line}\\n")
sys.exit(42 if line.split()[:1] == [open(ans).read().strip()] else 43)
"""


@functools.cache
def _interactor(root: Path, text: str = INTERACTOR) -> Program:
    source = root / "interactor.py"
    source.write_text(text)
    built = compile_source(source)
    assert built.ok and built.program is not None, built.message
    return built.program


def _interact(tmp_path: Path, name: str, iso: Isolation | None = None) -> InteractiveResult:
    """Judge the hostile submission `name` on one test; `iso`: as if the machine offered that."""
    (tmp_path / "1.in").write_text("21\n")
    (tmp_path / "1.ans").write_text("42\n")
    submission, interactor = _program(name), _interactor(tmp_path)  # built before any change
    with pytest.MonkeyPatch.context() as patch:
        if iso is not None:
            patch.setattr(isolation, "detect", lambda: iso)
        return interact(submission, interactor, tmp_path / "1.in", tmp_path / "1.ans", LIMITS)


@needs_filter
def test_an_interactive_submission_cannot_fork(judge: Judge, tmp_path: Path) -> None:
    res = _interact(tmp_path, "interactive_fork.py")
    judge.check_unharmed()
    # It sees the refusal (EPERM), carries on and answers: its behaviour decides, AC.
    assert res.message == f"got: 42 fork: {DENIED}", res
    assert res.verdict is Verdict.AC, res


@needs_filter
@needs_gcc
def test_an_interactive_submission_gets_the_syscall_filter(judge: Judge, tmp_path: Path) -> None:
    res = _interact(tmp_path, "interactive_forbidden.c")
    judge.check_unharmed()
    assert res.verdict is Verdict.AC, res
    body = res.message.removeprefix("got: 42 ").rstrip(";")
    outcomes = dict(part.split(": ", 1) for part in body.split("; "))
    assert outcomes == {
        name: DENIED for name in ("process_vm_readv", "keyctl", "unshare", "ptrace")
    }, res.message


def _watch(name: str, stop: threading.Event, seen: dict[int, float]) -> None:
    """Record the CPU time of every process of this judge's sandboxes running `name`."""
    while not stop.is_set():
        for proc in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if proc.uids().real in SANDBOX_UIDS and any(name in a for a in proc.cmdline()):
                    times = proc.cpu_times()
                    seen[proc.pid] = max(seen.get(proc.pid, 0.0), times.user + times.system)
        stop.wait(0.02)


@pytest.mark.parametrize("filtered", [True, False], ids=["filter", "no-filter"])
def test_a_busy_child_of_an_interactive_submission_is_counted(
    judge: Judge, tmp_path: Path, filtered: bool
) -> None:
    # The submission starts a child that spins, answers (the interactor accepts and ends), then
    # waits until the wall limit stops it. With the filter the fork is refused (it says so and
    # ends); without it the child's CPU time must be in the submission's: stopping the run kills
    # the program, never the init that reaps and counts every process.
    if filtered and _ISO.filters is None:
        pytest.skip("no syscall filter here")
    iso = None if filtered else dataclasses.replace(_ISO, filters=None)
    name = "interactive_busy_child.py"
    seen: dict[int, float] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(name, stop, seen))
    watcher.start()
    try:
        res = _interact(tmp_path, name, iso)
    finally:
        stop.set()
        watcher.join()
    judge.check_unharmed()
    used = sum(seen.values())
    # What was seen from outside is a lower bound of what ran (clock ticks of 10 ms).
    assert res.time_s >= used - 0.05, (res, seen)
    if filtered:
        assert res.verdict is Verdict.AC, res
        assert res.message == f"got: 42 fork: {DENIED}", res
    else:
        assert res.verdict is Verdict.TLE, res
        assert max(seen.values()) > 0.5, seen  # the child did run


@needs_filter
def test_the_interactor_may_start_processes(judge: Judge, tmp_path: Path) -> None:
    # A package program, like any validator: a script that starts a checker must work.
    spawning = (
        "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'pass'], "
        "check=True)\n" + INTERACTOR
    )
    (tmp_path / "1.in").write_text("21\n")
    (tmp_path / "1.ans").write_text("42\n")
    res = interact(
        _program("interactive_fork.py"),
        _interactor(tmp_path, spawning),
        tmp_path / "1.in",
        tmp_path / "1.ans",
        LIMITS,
    )
    judge.check_unharmed()
    assert res.verdict is Verdict.AC, res
    assert res.message == f"got: 42 fork: {DENIED}", res


FORGED = [
    "99999999999 0 0 0 0",  # the old five-field format
    "0 0 0 999999999999999 0 0",  # more memory than the machine has
    "0 0 0 0 7 0",  # an unknown stage
    "not a report",
]


@pytest.mark.parametrize("forged", FORGED)
def test_a_forged_init_report_is_a_judge_error(tmp_path: Path, forged: str) -> None:
    fake = write_fake_init(tmp_path / "fake-init", forged)
    res = _interact(tmp_path, "interactive_fork.py", dataclasses.replace(_ISO, init=str(fake)))
    assert res.verdict is Verdict.JE, res
    assert "report" in res.message, res


def test_every_interactive_hostile_program_is_used() -> None:
    source = Path(__file__).read_text()
    names = sorted(p.name for p in HOSTILE.glob("interactive_*"))
    assert len(names) == 3 and all(f'"{name}"' in source for name in names), names
