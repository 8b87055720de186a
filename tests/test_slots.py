"""CPU slots (sandbox/slots.py): first come, first served across judge processes, a waiter that
dies does not block the queue, and a waiting judge says so."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox import slots
from solver.console import SlotWaits
from tests.conftest import ROOT

# One "judge": waits for a slot of the set named in its environment, and once it has it,
# appends its name to the order file (O_APPEND: one whole line each) and holds the slot a
# little, so that a judge behind it cannot overtake while it writes.
JUDGE = textwrap.dedent(
    """
    import os, sys, time
    from sandbox.slots import cpu_slot
    with cpu_slot():
        fd = os.open(sys.argv[2], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, (sys.argv[1] + "\\n").encode())
        os.close(fd)
        time.sleep(0.05)
    """
)


@pytest.fixture
def one_slot(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A fresh slot set of one slot, in the machine's lock folder (where the sandbox uid locks
    are, which must stay machine-wide); the environment for judges that share it."""
    env = {"SOLVER_SLOT_SET": f"test-{uuid.uuid4().hex[:12]}", "SOLVER_SANDBOX_SLOTS": "1"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    shutil.rmtree(slots.slot_dir(), ignore_errors=True)


def _tickets() -> int:
    queue = slots.slot_dir() / "queue"
    return len(list(queue.glob("*.ticket"))) if queue.is_dir() else 0


def _until(condition, what: str, limit_s: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for `condition` (not a timing assertion: the limit only stops a hung test)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def _judge(name: str, order: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", JUDGE, name, str(order)], env=env)


def test_competing_judges_get_the_slot_in_arrival_order(
    one_slot: dict[str, str], tmp_path: Path
) -> None:
    order = tmp_path / "order"
    names = ["first", "second", "third", "fourth"]
    judges = []
    with slots.cpu_slot():  # the one slot is taken: every judge below has to queue
        for number, name in enumerate(names, 1):
            judges.append(_judge(name, order, one_slot))
            _until(lambda n=number: _tickets() == n + 1, f"{name}'s ticket")
    for judge in judges:
        assert judge.wait(timeout=120) == 0
    assert order.read_text().split() == names
    assert _tickets() == 0


def test_a_waiter_that_dies_does_not_hold_up_the_queue(
    one_slot: dict[str, str], tmp_path: Path
) -> None:
    order = tmp_path / "order"
    with slots.cpu_slot():
        doomed = _judge("doomed", order, one_slot)
        _until(lambda: _tickets() == 2, "the doomed judge's ticket")
        after = _judge("after", order, one_slot)
        _until(lambda: _tickets() == 3, "the second judge's ticket")
        doomed.send_signal(signal.SIGKILL)  # dies in the queue, its ticket left behind
        doomed.wait(timeout=60)
    assert after.wait(timeout=120) == 0
    assert order.read_text().split() == ["after"]
    assert _tickets() == 0


def test_slots_of_one_set_are_not_slots_of_another(
    one_slot: dict[str, str], tmp_path: Path
) -> None:
    order = tmp_path / "order"
    other_set = one_slot["SOLVER_SLOT_SET"] + "-other"
    try:
        with slots.cpu_slot():  # this set is full; a judge of another set does not wait for it
            other = _judge("other", order, {**one_slot, "SOLVER_SLOT_SET": other_set})
            assert other.wait(timeout=120) == 0
            assert order.read_text().split() == ["other"]
    finally:
        shutil.rmtree(slots.LOCK_DIR / f"slots-{other_set}", ignore_errors=True)


def test_a_slot_set_name_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLVER_SLOT_SET", "../elsewhere")
    with pytest.raises(ValueError, match="SOLVER_SLOT_SET"):
        slots.slot_dir()


def _take_and_give_back() -> None:
    with slots.cpu_slot():
        pass


def test_a_waiting_run_reports_to_listeners(one_slot: dict[str, str]) -> None:
    heard: list[slots.Waiting] = []
    remove = slots.on_wait(heard.append)
    try:
        with slots.cpu_slot():
            waiter = threading.Thread(target=_take_and_give_back)
            waiter.start()
            _until(lambda: bool(heard), "a report")
        waiter.join(timeout=120)
    finally:
        remove()
    assert heard[0].ahead == 1 and heard[0].slots == 1 and not heard[0].done
    assert heard[-1].done


def test_piped_a_long_wait_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    notice = SlotWaits(after_s=3.0, every_s=30.0)
    notice(slots.Waiting(ahead=2, slots=4, seconds=0.5))
    assert capsys.readouterr().err == ""  # a short wait says nothing
    notice(slots.Waiting(ahead=2, slots=4, seconds=3.5))
    notice(slots.Waiting(ahead=1, slots=4, seconds=4.0))
    said = capsys.readouterr().err
    assert said.count("\n") == 1
    assert "waiting for a CPU slot: all 4 taken, 2 runs queued ahead of this one" in said


def test_a_judge_that_waits_says_so_when_piped(
    one_slot: dict[str, str], tmp_path: Path, make_package
) -> None:
    pkg = make_package()
    solution = pkg / "submissions/accepted/sum.py"
    said = tmp_path / "stderr"
    with slots.cpu_slot(), said.open("w") as stderr:
        judge = subprocess.Popen(
            [sys.executable, "-m", "solver", "judge", str(pkg), str(solution)],
            env=one_slot,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        # The slot is held until the judge has said that it waits (after 3 s of waiting).
        _until(lambda: "waiting for a CPU slot" in said.read_text(), "the judge's line")
    out, _ = judge.communicate(timeout=300)
    line = said.read_text()
    assert judge.returncode == 0, out + line
    assert "waiting for a CPU slot: all 1 taken, 1 run queued ahead" in line, line
    assert f"slot set {one_slot['SOLVER_SLOT_SET']}" in line
    assert line.count("waiting for a CPU slot") == 1
