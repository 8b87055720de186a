"""The judge's failures are not the program's (issue 8, item 5): judge errors are retried once
and then stop the loop with exit 3; a generator that never returns costs a bounded time; a
TLE is reported with the time that stopped the program."""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from sandbox.languages import Program
from sandbox.verdict import RunResult
from solver.client import ModelClient
from solver.config import ModelConfig
from solver.loop import Budget
from solver.solve import Solved, solve_task
from solver.task import load_task
from tests.scripted_model import ScriptedModel, code
from tests.test_solve import GENERATOR, RIGHT, script, solve


def in_process(stages: dict[str, Any], statement: Path, tmp_path: Path) -> Solved:
    with ScriptedModel(stages) as model:
        client = ModelClient(
            ModelConfig(base_url=model.base_url, model="scripted-model", retries=0)
        )
        return solve_task(
            load_task(statement),
            client,
            Budget(rounds=2, stress_seconds=2, generator_seconds=60),
            solution_path=tmp_path / "s.py",
            report_path=tmp_path / "r.json",
            final_judge=False,
        )


def test_a_build_that_vanished_from_the_cache_is_rebuilt(
    statement: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A program of its own (its own cache entry), whose build is removed before its first run.
    own = RIGHT + f"# {uuid.uuid4()}\n"
    real_run = Program.run
    removed: list[Path] = []

    def run(self: Program, *args: Any, **kwargs: Any) -> RunResult:
        if not removed and self.source is not None and self.source.name == "c1.py":
            removed.append(self.directory)
            shutil.rmtree(self.directory)
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(Program, "run", run)
    solved = in_process(script(draft=[code(own)]), statement, tmp_path)
    assert removed
    assert solved.exit_code == 0, solved.report["stop_reason"]
    # The sandbox rebuilds a vanished build by itself (sandbox/build_cache.py); should it
    # fail, the loop retries the run. Either way the candidate is not blamed.
    assert all(r["verdict"] != "JE" for r in solved.report["runs"])
    assert not solved.report["disagreements"]


def test_a_judge_error_twice_stops_with_exit_3_and_blames_nobody(
    statement: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = Program.run

    def run(self: Program, *args: Any, **kwargs: Any) -> RunResult:
        if self.source is not None and self.source.name == "c1.py":
            return RunResult.judge_error("the sandbox failed to start the program")
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(Program, "run", run)
    solved = in_process(script(), statement, tmp_path)
    assert solved.exit_code == 3
    assert solved.report["stop_reason"] == (
        "judge error running c1: the sandbox failed to start the program"
    )
    assert not solved.report["disagreements"]
    assert all(r["verdict"] != "JE" for r in solved.report["runs"])
    assert (tmp_path / "s.py").read_text().strip() == RIGHT.strip()  # the draft is kept


def test_a_generator_that_never_returns_is_cut_at_a_bounded_cost(
    statement: Path, tmp_path: Path
) -> None:
    hanging = GENERATOR.replace(
        "n = 100000\n", "n = 100000\n        while True:\n            pass\n"
    )
    with ScriptedModel(script(generator=[code(hanging)])) as model:
        res, report = solve(model, statement, tmp_path, "--generator-seconds", "8")
    assert res.code == 1, res.stdout
    whats = [e["what"] for e in report["events"] if e["stage"] == "tests"]
    assert any("timed out" in w and "size large" in w for w in whats), whats
    assert report["stop_reason"].startswith("not verified: no input reached the maximum")
    assert "timed out" in report["stop_reason"]
    # All sizes together had 8 s; the rest of the stage is the model's and the validators'.
    assert report["stage_seconds"]["tests"] < 40


def test_a_sleeping_program_is_reported_with_the_wall_limit(
    statement: Path, tmp_path: Path
) -> None:
    # It sleeps only on the random large inputs, not on their sorted variants: two runs
    # stopped at the wall limit show what one does, and each costs the test 3 s.
    sleeper = RIGHT.replace(
        "n = int(data[0])\n",
        "n = int(data[0])\nxs = data[1:1 + n]\n"
        "if n >= 100000 and sorted(xs, key=int) not in (xs, xs[::-1]):\n"
        "    import time\n    time.sleep(60)\n",
    )
    with ScriptedModel(script(draft=[code(sleeper)])) as model:
        res, report = solve(model, statement, tmp_path, "--time-limit", "1")
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    tles = [r for r in report["runs"] if r["candidate"] == "c1" and r["verdict"] == "TLE"]
    assert {r["test"] for r in tles} == {"generated/large-1", "generated/large-2"}
    tle = tles[0]
    assert tle["time_s"] < 0.5 and tle["wall_s"] >= 3.0
    shown = repairs[0].user_text
    # The wall-clock limit of a 1 s run is 3 s; its CPU time is near 0.
    assert re.search(r"\(ran 3\.\d\d s and was stopped\)", shown), shown
