"""A box reused across runs (sandbox/box.py) is as isolated as a sandbox per run.

Every hostile program of tests/hostile also runs in a box (tests/test_hostile.py, `[box]`);
here: what one run of a box could leave for the next, what the judge's boxes are used for, and
what happens when a box is lost.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sandbox import Limits, Program, Verdict, compile_source, detect, runner
from sandbox import box as reuse
from sandbox.isolation import BOX, Bind
from sandbox.judge import judge_program
from sandbox.package import TestCase as Case
from tests.conftest import ROOT

HOSTILE = ROOT / "tests" / "hostile"
LIMITS = Limits(time_s=2, memory_mib=512)
_ISO = detect()

pytestmark = pytest.mark.skipif(
    not reuse.eligible(_ISO, LIMITS, ()),
    reason="this machine cannot keep a box (no bubblewrap, "
    "init, syscall filter or namespace capabilities)",
)


def _program(name: str) -> Program:
    built = compile_source(HOSTILE / name)
    assert built.program is not None, built.message
    return built.program


def _boxes() -> reuse.Boxes:
    boxes = reuse.current()
    assert boxes is not None
    return boxes


def _only_box() -> reuse.Box:
    boxes = list(_boxes()._boxes.values())
    assert len(boxes) == 1, boxes
    return boxes[0]


def test_nothing_a_run_leaves_reaches_the_next_run_of_its_box(tmp_path: Path) -> None:
    # Run 1 plants files (one in a folder it locks with chmod 000), a daemonized grandchild
    # that keeps writing into /tmp, 300 MiB of memory, an environment variable, and signals
    # at the run's init and everyone else. Run 2, in the same box, sees an empty /tmp, no
    # process but its own init and itself, the same environment, and its own memory figure.
    # Runs that may start processes get cgroups where there are any (cold); a machine without
    # them boxes such runs too, as here.
    program = _program("box_plant.py")
    big, small = tmp_path / "big.in", tmp_path / "small.in"
    big.write_text("300\n")
    small.write_text("0\n")
    iso = dataclasses.replace(_ISO, cgroups=False)
    limits = dataclasses.replace(LIMITS, spawn=True)
    with reuse.reusing():
        first = program.run(limits, stdin=big, iso=iso)
        box = _only_box()
        server = box.proc.pid
        second = program.run(limits, stdin=small, iso=iso)
        assert _only_box() is box and box.proc.pid == server and box.proc.poll() is None
    assert first.verdict is Verdict.OK, (first.message, first.stderr)
    assert second.verdict is Verdict.OK, (second.message, second.stderr)
    before = json.loads(first.stdout.splitlines()[0])
    after = json.loads(second.stdout.splitlines()[0])
    assert after["tmp"] == [], after
    assert set(after["pids"]) <= {1, after["me"]}, after
    assert after["env"] == before["env"]
    assert first.memory_mib > 300 > 100 > second.memory_mib, (first.memory_mib, second.memory_mib)
    assert first.stdout.splitlines()[-1] == f"done {300 * 1024 * 1024}".encode()


def test_the_box_server_is_out_of_every_run_s_reach(tmp_path: Path) -> None:
    # kill(-1, SIGKILL) inside a run reaches only that run's own processes: the server and the
    # box survive it, and the next run in the box is served as usual.
    kill_all, hello = _program("kill_all.c"), _program("hello.py")
    stdin = tmp_path / "hello.in"
    stdin.write_text("21\n")
    with reuse.reusing():
        for _ in range(3):
            res = kill_all.run(LIMITS)
            assert res.verdict is Verdict.OK and b"still alive" in res.stdout, res
        box = next(iter(_boxes()._boxes.values()))
        assert box.proc.poll() is None and not (box.lost or box.dead)
        assert hello.run(LIMITS, stdin=stdin).stdout == b"42\n"
        assert kill_all.run(LIMITS).verdict is Verdict.OK
        assert _boxes().served == 5


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("busy_loop.py", Verdict.TLE),
        ("sleep_forever.py", Verdict.TLE),
        ("endless_stdout.py", Verdict.OLE),
    ],
)
def test_a_run_stopped_at_a_limit_leaves_its_box_serving(
    tmp_path: Path, name: str, verdict: Verdict
) -> None:
    program, hello = _program(name), _program("hello.py")
    stdin = tmp_path / "hello.in"
    stdin.write_text("21\n")
    limits = Limits(time_s=0.5, memory_mib=256)
    with reuse.reusing():
        for _ in range(2):
            res = program.run(limits, stdin=stdin)
            assert res.verdict is verdict, res
            assert res.wall_time_s < limits.wall_limit_s + 2.0
        assert hello.run(limits, stdin=stdin).stdout == b"42\n"
        assert _boxes().served == 3
        assert all(not (b.lost or b.dead) for b in _boxes()._boxes.values())


def test_a_cancelled_run_is_a_judge_error_and_the_box_serves_on(tmp_path: Path) -> None:
    program = _program("sleep_forever.py")
    cancel = runner.Cancel()
    with reuse.reusing():
        timer = threading.Timer(0.3, cancel.set)
        timer.start()
        start = time.monotonic()
        res = program.run(Limits(time_s=10, memory_mib=256), cancel=cancel)
        timer.join()
        cancel.close()
        assert res.verdict is Verdict.JE and res.message == runner.CANCELLED
        assert time.monotonic() - start < 5
        again = program.run(Limits(time_s=0.3, memory_mib=256))
        assert again.verdict is Verdict.TLE
        assert _boxes().served == 2


def test_a_lost_box_costs_nothing_but_its_start(tmp_path: Path) -> None:
    # The box dies between two runs (killed from outside): the next run is run cold, with the
    # right result, and the program's later runs go cold too.
    hello = _program("hello.py")
    stdin = tmp_path / "hello.in"
    stdin.write_text("21\n")
    with reuse.reusing():
        assert hello.run(LIMITS, stdin=stdin).stdout == b"42\n"
        box = _only_box()
        os.killpg(box.proc.pid, signal.SIGKILL)
        box.proc.wait()
        res = hello.run(LIMITS, stdin=stdin)
        assert res.verdict is Verdict.OK and res.stdout == b"42\n", res
        assert not _boxes()._boxes and _boxes().served == 1
        assert hello.run(LIMITS, stdin=stdin).stdout == b"42\n"
        assert _boxes().served == 1


def test_the_judge_runs_a_submission_s_tests_in_one_box_per_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same verdicts as cold, and not one cold sandbox for the submission's runs.
    tests = []
    for i in range(12):
        (tmp_path / f"{i}.in").write_text(f"{i}\n")
        (tmp_path / f"{i}.ans").write_text(f"{2 * i}\n")
        tests.append(Case(f"{i}", tmp_path / f"{i}.in", tmp_path / f"{i}.ans"))
    source = tmp_path / "double.py"
    source.write_text("n = int(input())\nprint(2 * n if n != 9 else 0)\n")
    built = compile_source(source)
    assert built.program is not None
    from sandbox.checkers import DefaultChecker

    cold: list[object] = []
    real_run = runner.run
    monkeypatch.setattr(runner, "run", lambda *a, **k: cold.append(a) or real_run(*a, **k))
    for jobs in (1, 2):
        result = judge_program(built.program, tests, LIMITS, DefaultChecker(), jobs=jobs)
        assert result.verdict is Verdict.WA
        assert [t.verdict for t in result.tests] == [Verdict.AC] * 9 + [Verdict.WA]
        everything = judge_program(
            built.program, tests, LIMITS, DefaultChecker(), jobs=jobs, run_all=True
        )
        assert [t.verdict for t in everything.tests].count(Verdict.AC) == 11
    assert cold == []


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
def test_a_box_of_a_judge_that_is_not_root_holds_no_capability(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As in tests/test_sandbox_mounts.py, the box as a judge that is not root makes it: a
    # user namespace, started as `nobody`, the server holding CAP_SYS_ADMIN there for the
    # runs' namespaces and mounts. Each run drops every capability and cannot execute from
    # its /tmp; a second run is served by the same box.
    from tests.test_sandbox_mounts import (
        NOBODY,
        _unprivileged_bwrap_error,
    )

    why = _unprivileged_bwrap_error()
    if why:
        pytest.skip(f"`nobody` cannot make a user namespace with bubblewrap here: {why}")
    monkeypatch.setenv("SOLVER_PYTHON", "/usr/bin/python3")
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    iso = dataclasses.replace(_ISO, is_root=False, cgroups=False, noexec=True)
    program = _program("exec_from_tmp.c")
    limits = Limits(time_s=2, memory_mib=256)
    as_nobody = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    real_popen = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: real_popen(*a, **{**k, **as_nobody}))
    box = reuse.Box(
        iso,
        program.argv(BOX, limits.memory_mib),
        limits,
        binds=(Bind(program.directory, BOX),),
        cwd=None,
        env=None,
    )
    monkeypatch.setattr(subprocess, "Popen", real_popen)
    try:
        assert box.uid is None
        for _ in range(2):
            res = box.run(limits, stdin=None, cancel=None)
            assert res is not None and res.verdict is Verdict.OK, res
            lines = res.stdout.decode()
            assert "/tmp: refused EACCES" in lines, lines
            caps = {
                row.split(":")[0]: row.split()[1]
                for row in lines.splitlines()
                if row.startswith("Cap")
            }
            assert set(caps.values()) == {"0000000000000000"}, caps
        assert box.proc.poll() is None
    finally:
        box.close()


def test_a_run_in_a_box_sees_no_host_path_of_the_judge(tmp_path: Path) -> None:
    # The run's own /proc and /tmp are new mounts of its own; the rest is the box's view,
    # built as for any sandbox (tests/test_sandbox_mounts.py).
    from tests.test_sandbox_mounts import _judge_paths, _leaks

    test_file = tmp_path / "input.in"
    test_file.write_text("1\n")
    program = _program("mount_table.py")
    with reuse.reusing():
        for _ in range(2):
            res = program.run(LIMITS, binds=(Bind(test_file, "/judge/input.in"),))
            assert res.verdict is Verdict.OK, res.message
        assert _boxes().served == 2
    table = res.stdout.decode()
    assert " /proc " in table and " /tmp " in table and " /judge/input.in " in table
    leaks = _leaks(table, _judge_paths(tmp_path))
    assert leaks == [], "\n".join(leaks)
