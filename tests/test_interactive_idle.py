"""An interactive run where both sides wait to read what the other would write is TLE as soon as
that is certain, not when the wall clock runs out; anything that may still make progress (a
sleeping thread, a computing side) is left to run."""

from __future__ import annotations

import time
from pathlib import Path

from sandbox.interactive import Interactor
from sandbox.limits import Limits
from sandbox.verdict import Verdict
from tests.test_schedule import _program

# Sends the number, then waits for the answer line; accepts "42".
INTERACTOR = """
import sys
print(open(sys.argv[1]).read().strip(), flush=True)
line = sys.stdin.readline().strip()
sys.exit(42 if line == "42" else 43)
"""
LIMITS = Limits(time_s=2, memory_mib=256)  # wall limit 5 s


def _talk(tmp_path: Path, submission: str, limits: Limits = LIMITS):
    (tmp_path / "1.in").write_text("21\n")
    (tmp_path / "1.ans").write_text("42\n")
    interactor = Interactor(_program(tmp_path, "interactor.py", INTERACTOR))
    program = _program(tmp_path, "submission.py", submission)
    start = time.monotonic()
    talk = interactor.interact(program, tmp_path / "1.in", tmp_path / "1.ans", limits)
    return talk, time.monotonic() - start


def test_both_sides_waiting_for_each_other_is_tle_at_once(tmp_path: Path) -> None:
    # Reads the number, then waits for a second line that never comes.
    talk, seconds = _talk(
        tmp_path, "import sys\nsys.stdin.readline()\nsys.stdin.readline()\nprint(42)\n"
    )
    assert talk.verdict is Verdict.TLE
    assert talk.message.startswith("idle:"), talk.message
    assert seconds < 3  # the wall limit is 5 s


def test_a_sleeping_submission_is_not_idle(tmp_path: Path) -> None:
    # Sleeping is not waiting for the interactor: it may answer when it wakes up (here it
    # never does in time), so only the wall clock ends it.
    talk, seconds = _talk(
        tmp_path,
        "import sys, time\nsys.stdin.readline()\ntime.sleep(60)\n",
        Limits(time_s=0.5, memory_mib=256),
    )
    assert talk.verdict is Verdict.TLE
    assert "wall time" in talk.message, talk.message
    assert seconds >= 2  # the wall limit (2.5 s), not an early stop


def test_a_thread_that_will_write_keeps_the_run_going(tmp_path: Path) -> None:
    # The main thread waits on stdin, as the interactor does, but a second thread sleeps for a
    # second and then answers: not a deadlock.
    source = """
import sys, threading, time
sys.stdin.readline()
def later():
    time.sleep(1.0)
    print(42, flush=True)
threading.Thread(target=later).start()
sys.stdin.readline()
"""
    talk, _ = _talk(tmp_path, source)
    assert talk.verdict is Verdict.AC, talk.message


def test_a_side_computing_before_it_answers_is_not_idle(tmp_path: Path) -> None:
    source = """
import sys, time
sys.stdin.readline()
start = time.process_time()
while time.process_time() - start < 0.6:
    pass
print(42, flush=True)
"""
    talk, _ = _talk(tmp_path, source)
    assert talk.verdict is Verdict.AC, talk.message
