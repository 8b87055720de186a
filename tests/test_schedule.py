"""The shared judging queue (sandbox/schedule.py), the run's CPU timer and cancelling a run."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from sandbox.checkers import DefaultChecker, OutputFlags
from sandbox.interactive import Interactor
from sandbox.judge import judge_program
from sandbox.languages import Program, compile_source
from sandbox.limits import Limits
from sandbox.package import TestCase as Case
from sandbox.runner import CANCELLED, Cancel
from sandbox.schedule import Judging, Scheduler
from sandbox.verdict import Verdict

LIMITS = Limits(time_s=1.0, memory_mib=256)

# Reads the number of CPU seconds to burn, burns them, then prints "ok" (or sleeps, when the
# number is negative: a run that only a cancellation or the wall clock ends).
BURN = """
import sys, time
n = float(sys.stdin.read())
if n < 0:
    time.sleep(60)
start = time.process_time()
while time.process_time() - start < n:
    pass
print("ok")
"""


def _program(tmp_path: Path, name: str, source: str) -> Program:
    path = tmp_path / name
    path.write_text(source)
    built = compile_source(path)
    assert built.program is not None, built.message
    return built.program


def _tests(tmp_path: Path, burns: list[float]) -> list[Case]:
    cases = []
    for i, seconds in enumerate(burns):
        (tmp_path / f"{i}.in").write_text(f"{seconds}\n")
        (tmp_path / f"{i}.ans").write_text("ok\n")
        cases.append(Case(f"secret/{i}", tmp_path / f"{i}.in", tmp_path / f"{i}.ans"))
    return cases


def _wait_for(judging: Judging, index: int) -> None:
    deadline = time.monotonic() + 60
    while index not in judging.done and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_spinning_program_stops_just_past_its_cpu_limit(tmp_path: Path) -> None:
    # RLIMIT_CPU counts whole seconds (the kernel's backstop is at 2 s for a 1 s limit); the
    # init's CPU timer stops the program just past the limit instead.
    program = _program(tmp_path, "spin.py", "while True:\n    pass\n")
    run = program.run(LIMITS)
    assert run.verdict is Verdict.TLE
    assert LIMITS.time_s < run.cpu_time_s < 1.4, run.cpu_time_s


def test_a_program_ignoring_the_timer_still_meets_the_backstop(tmp_path: Path) -> None:
    program = _program(
        tmp_path,
        "stubborn.py",
        "import signal\nsignal.signal(signal.SIGPROF, signal.SIG_IGN)\nwhile True:\n    pass\n",
    )
    run = program.run(LIMITS)
    assert run.verdict is Verdict.TLE
    assert run.cpu_time_s > LIMITS.time_s


def test_cancel_stops_a_run_at_once(tmp_path: Path) -> None:
    program = _program(tmp_path, "burn.py", BURN)
    (tmp_path / "sleep.in").write_text("-1\n")
    cancel = Cancel()
    threading.Timer(0.5, cancel.set).start()
    start = time.monotonic()
    run = program.run(Limits(time_s=10, memory_mib=256), stdin=tmp_path / "sleep.in", cancel=cancel)
    cancel.close()
    assert run.verdict is Verdict.JE and run.message == CANCELLED
    assert time.monotonic() - start < 5  # not the 60 s sleep, nor the 21 s wall limit


def test_a_later_test_running_beside_the_first_failure_is_stopped(tmp_path: Path) -> None:
    # Test 0 fails at once (WA: it prints "ok" but the answer says otherwise); test 1, started
    # beside it on the second job, sleeps: its run is cancelled, the verdict is test 0's, and the
    # judging does not wait for the sleeper's wall limit.
    program = _program(tmp_path, "burn.py", BURN)
    cases = _tests(tmp_path, [0.0, -1])
    (tmp_path / "0.ans").write_text("not ok\n")
    checker = DefaultChecker(OutputFlags())
    start = time.monotonic()
    result = judge_program(program, cases, Limits(time_s=10, memory_mib=256), checker, jobs=2)
    assert time.monotonic() - start < 8  # the sleeper's wall limit is 21 s
    assert result.verdict is Verdict.WA
    assert [t.name for t in result.tests] == ["secret/0"]


def test_judging_in_parallel_reports_what_judging_in_order_does(tmp_path: Path) -> None:
    program = _program(tmp_path, "burn.py", BURN)
    cases = _tests(tmp_path, [0.0, 0.1, 0.0, 3.0, 0.0, 0.0])
    checker = DefaultChecker(OutputFlags())
    one = judge_program(program, cases, LIMITS, checker, jobs=1)
    two = judge_program(program, cases, LIMITS, checker, jobs=2)
    for result in (one, two):
        assert result.verdict is Verdict.TLE
        assert [t.name for t in result.tests] == [f"secret/{i}" for i in range(4)]
        assert [t.verdict for t in result.tests] == [Verdict.AC] * 3 + [Verdict.TLE]


def test_a_test_stopped_at_a_provisional_limit_is_judged_again_under_the_real_one(
    tmp_path: Path,
) -> None:
    # While the time limit is being derived, a submission runs under the provisional limit
    # (here 0.5 s). Its test needs 0.8 s: TLE there. The real limit turns out to be 1.5 s, so
    # that test is run again, and passes.
    program = _program(tmp_path, "burn.py", BURN)
    cases = _tests(tmp_path, [0.0, 0.8, 0.0])
    checker = DefaultChecker(OutputFlags())
    with Scheduler(
        cases, checker, lambda s: LIMITS.with_(time_s=s), jobs=2, provisional=lambda: 0.5
    ) as sched:
        judging = sched.judge("burn", program, cap=None)
        _wait_for(judging, 1)
        assert judging.done[1].result.verdict is Verdict.TLE
        assert judging.done[1].cap == 0.5
        assert not judging.finished.is_set()  # a provisional TLE settles nothing
        sched.set_cap(1.5)
        tests, cap = sched.result(judging)
    assert cap == 1.5
    assert [t.verdict for t in tests] == [Verdict.AC] * 3
    assert 0.8 <= tests[1].time_s < 1.5


def test_a_tle_at_a_provisional_limit_above_the_real_one_stands(tmp_path: Path) -> None:
    program = _program(tmp_path, "burn.py", BURN)
    cases = _tests(tmp_path, [0.0, 5.0, 0.0])
    checker = DefaultChecker(OutputFlags())
    with Scheduler(
        cases, checker, lambda s: LIMITS.with_(time_s=s), jobs=1, provisional=lambda: 0.6
    ) as sched:
        judging = sched.judge("burn", program, cap=None)
        _wait_for(judging, 1)
        sched.set_cap(0.5)
        tests, cap = sched.result(judging)
    assert cap == 0.5
    assert [t.verdict for t in tests] == [Verdict.AC, Verdict.TLE]
    assert tests[1].time_s > 0.6  # not run again: TLE at 0.6 s is TLE at 0.5 s


def test_the_accepted_submissions_go_first(tmp_path: Path) -> None:
    # With every worker busy, the order in which the queue hands out runs: submissions with no
    # run in flight first, the lower priority number first among them, whatever the order
    # they were queued in; a second run of one submission only when all others have one.
    program = _program(tmp_path, "burn.py", BURN)
    cases = _tests(tmp_path, [0.0, 0.0])
    checker = DefaultChecker(OutputFlags())
    with Scheduler(cases, checker, lambda s: LIMITS.with_(time_s=s), jobs=1) as sched:
        gate, started = threading.Event(), threading.Semaphore(0)

        def block() -> None:
            started.release()
            gate.wait()

        blockers = [sched.submit(block) for _ in range(sched.jobs)]
        for _ in blockers:  # every worker holds a blocker now (however loaded the machine)
            assert started.acquire(timeout=120)
        sched.judge("late", program, cap=1.0, priority=2)
        sched.judge("early", program, cap=1.0, priority=0)
        with sched._lock:
            picked = [sched._pick() for _ in range(4)]
        for item in picked:
            assert isinstance(item, tuple)
            item[3].close()  # never run: nothing is recorded
            item[0].flying.pop(item[1])
            item[0].forget(item[1])
        gate.set()
        for blocker in blockers:
            blocker.result()
    assert [(item[0].key, item[1]) for item in picked] == [  # type: ignore[index]
        ("early", 0),
        ("late", 0),
        ("early", 1),
        ("late", 1),
    ]


def test_one_core_goes_to_the_too_slow_submissions_from_the_start(tmp_path: Path) -> None:
    # The too-slow submissions' runs are the longest chain: with two jobs, one of them starts
    # at once even though the accepted submission (priority 0) still has tests to run.
    program = _program(tmp_path, "burn.py", BURN)
    cases = _tests(tmp_path, [0.3, 0.3, 0.3, 0.3])
    checker = DefaultChecker(OutputFlags())
    order: list[str] = []
    with Scheduler(cases, checker, lambda s: LIMITS.with_(time_s=s), jobs=2) as sched:
        accepted = sched.judge(
            "accepted", program, cap=5.0, priority=0, on_result=lambda r: order.append("accepted")
        )
        slow = sched.judge(
            "slow",
            program,
            cap=5.0,
            priority=2,
            long=True,
            on_result=lambda r: order.append("slow"),
        )
        sched.result(accepted)
        sched.result(slow)
    # Without the kept core the slow judging would wait for all four accepted runs to start.
    assert order.index("slow") < 3, order
    assert order.count("slow") == 4 and order.count("accepted") == 4


def test_cancel_stops_both_sides_of_an_interactive_run(tmp_path: Path) -> None:
    # The interactor waits for a line the submission never sends (it sleeps): only the wall
    # limit would end it, 21 s away. Cancelled, both sides stop at once.
    interactor = _program(
        tmp_path, "interactor.py", "import sys\nsys.stdin.readline()\nsys.exit(42)\n"
    )
    sleeper = _program(tmp_path, "sleeper.py", "import time\ntime.sleep(60)\n")
    (tmp_path / "1.in").write_text("1\n")
    (tmp_path / "1.ans").write_text("1\n")
    cancel = Cancel()
    threading.Timer(0.5, cancel.set).start()
    start = time.monotonic()
    talk = Interactor(interactor).interact(
        sleeper,
        tmp_path / "1.in",
        tmp_path / "1.ans",
        Limits(time_s=10, memory_mib=256),
        cancel=cancel,
    )
    cancel.close()
    assert talk.verdict is Verdict.JE and talk.message == CANCELLED
    assert time.monotonic() - start < 6


def test_an_interrupted_verify_says_so_and_leaves_nothing_running(make_package) -> None:
    # SIGTERM is Ctrl-C: the queue stops its runs (the sleeper's included), one line, exit 130.
    pkg = make_package(
        {"submissions/time_limit_exceeded/sleeper.py": "import time\ntime.sleep(60)\n"}
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "solver", "verify", str(pkg)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.strip().splitlines() == ["error: interrupted"], err
    time.sleep(0.5)
    left = [
        p
        for p in psutil.process_iter(["cmdline"])
        if "sleeper.py" in " ".join(p.info["cmdline"] or [])
    ]
    assert not left
