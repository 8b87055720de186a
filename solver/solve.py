"""Solving one problem end to end: the loop, the solution file, the report, the final judge.

Shared by `solver solve` and `solver batch` (and the Ray workers of a batch).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.judge import TimeLimit, judge
from sandbox.package import DataSet
from solver.client import ModelClient
from solver.errors import ModelUnavailable
from solver.loop import Budget, JudgeFailure, Loop, Outcome
from solver.loop.interfaces import JudgeSandbox
from solver.task import Task


@dataclass
class Solved:
    outcome: Outcome
    report: dict[str, Any]
    exit_code: int
    """0 verified, 1 unverified, 3 model unreachable or judge error (mid-run), 130
    interrupted."""


def solve_task(
    task: Task,
    client: ModelClient,
    budget: Budget,
    *,
    solution_path: Path,
    report_path: Path,
    final_judge: bool,
    final_tests: DataSet = "secret",
    jobs: int = 1,
    progress: Callable[[str], None] = lambda _m: None,
) -> Solved:
    """Run the loop; write the best candidate and the report whatever happens."""
    loop = Loop(task, client, budget, jobs=jobs, progress=progress, sandbox=JudgeSandbox())
    code = 0
    try:
        outcome = loop.solve()
    except ModelUnavailable as exc:
        outcome, code = loop.interrupted(str(exc)), 3
    except JudgeFailure as exc:
        outcome, code = loop.interrupted(str(exc)), 3
    except KeyboardInterrupt:
        outcome, code = loop.interrupted("interrupted"), 130
    data = loop.report(outcome)
    if outcome.best is not None:
        solution_path.write_text(outcome.best.code)
        data["solution_path"] = str(solution_path)
    if final_judge and code == 0:
        data["final_judge"] = final_judgement(
            task, solution_path if outcome.best else None, jobs, final_tests
        )
    report_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if code == 0:
        code = 0 if outcome.verified else 1
    return Solved(outcome, data, code)


def final_judgement(
    task: Task, solution: Path | None, jobs: int, tests: DataSet = "secret"
) -> dict[str, object]:
    """The returned solution judged on data/secret, which the loop never saw; with `tests`
    "all", on data/sample too (the public tests), as LiveCodeBench counts a problem solved
    only when its public and private tests pass (what `solver batch` asks for). Judged only
    when there is a data/secret."""
    pkg = task.package
    if pkg is None or not pkg.tests("secret"):
        return {"verdict": None, "message": "no data/secret to judge on"}
    if solution is None:
        return {"verdict": None, "message": "no solution to judge"}
    result = judge(
        pkg, solution, data=tests, jobs=jobs, time_limit=TimeLimit(task.time_limit_s, "loop")
    )
    failure = result.first_failure
    return {
        "verdict": result.verdict.value,
        "tests": len(result.tests),
        "max_time_s": round(result.max_time_s, 4),
        "time_limit_s": result.time_limit_s,
        "first_failure": failure.name if failure else None,
        "message": failure.message if failure else result.message,
        "tests_counted": "sample+secret" if tests == "all" else tests,
        "grading": pkg.grading,
    }
