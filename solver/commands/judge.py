"""`solver judge`: a solution on a problem package's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sandbox.judge import JudgeResult, TestResult, judge, resolve_time_limit
from sandbox.package import load_problem
from sandbox.verdict import Verdict
from solver.commands.options import JOBS, JSON, PYTHON, existing, use_python
from solver.console import err, note, out, print_json, printable, progress_bar, styled, untrusted
from solver.errors import BadInput


def register(app: typer.Typer) -> None:
    app.command("judge")(judge_command)


def judge_command(
    problem: Annotated[Path, typer.Argument(help="Problem package directory.")],
    solution: Annotated[Path, typer.Argument(help="Source file to judge.")],
    data: Annotated[
        str, typer.Option("--data", "-d", help="Which tests: sample, secret or all.")
    ] = "all",
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            "-t",
            min=0.01,
            help="Override the time limit (default: problem.yaml's, else derived from the "
            "accepted submissions).",
        ),
    ] = None,
    run_all: Annotated[
        bool,
        typer.Option(
            "--all", "-a", help="Run every test instead of stopping at the first failure."
        ),
    ] = False,
    jobs: JOBS = 1,
    python: PYTHON = None,
    as_json: JSON = False,
) -> None:
    """Judge a solution on a problem package's tests.

    Tests run in order (samples, then secret, groups in name order); the first failing test
    decides the verdict, as on Kattis. Exit code 0 for AC, 1 for any rejection, 2 for bad input,
    3 for a judge error. With --json: `verdict`, `time_limit_s` and `tests` (each `name`,
    `verdict`, `time_s`, `memory_mib`, `message`).

    Example:

        solver judge problems/range-sums \\
            problems/range-sums/submissions/accepted/prefix_sums.py -j 2
    """
    if data not in ("sample", "secret", "all"):
        raise BadInput(f"--data must be sample, secret or all, not {data!r}")
    existing(solution, "solution file")
    use_python(python)
    pkg = load_problem(problem)
    tl = resolve_time_limit(pkg, time_limit, jobs=jobs, progress=None if as_json else note)
    tests = pkg.tests(data)  # type: ignore[arg-type]
    with progress_bar(f"judging {solution.name}", len(tests)) as bar:

        def advance(_: TestResult) -> None:
            if bar is not None:
                bar.advance(bar.task_ids[0])

        result = judge(
            pkg,
            solution,
            data=data,
            time_limit=tl,  # type: ignore[arg-type]
            jobs=jobs,
            run_all=run_all,
            progress=advance,
        )
    if as_json:
        payload = result.to_json()
        payload.update(
            {"problem": pkg.short_name, "solution": str(solution), "time_limit_source": tl.source}
        )
        print_json(payload)
    else:
        _print_judgement(result, tl.source)
    raise typer.Exit(_judge_exit(result.verdict))


def _judge_exit(verdict: Verdict) -> int:
    if verdict is Verdict.AC:
        return 0
    return 3 if verdict is Verdict.JE else 1


def _print_judgement(result: JudgeResult, source: str) -> None:
    if result.verdict in (Verdict.CE, Verdict.JE) and not result.tests:
        err.print(printable(result.message, lines=True), markup=False)
    table = Table(box=None, pad_edge=False)
    for col in ("test", "verdict", "time", "memory", "message"):
        table.add_column(col, justify="right" if col in ("time", "memory") else "left")
    for t in result.tests:
        table.add_row(
            untrusted(t.name),
            styled(t.verdict.value),
            f"{t.time_s:.2f} s",
            f"{t.memory_mib:.0f} MiB",
            untrusted(t.message),
        )
    if result.tests:
        out.print(table)
    out.print(
        f"{styled(result.verdict.value)}  max time {result.max_time_s:.2f} s, "
        f"time limit {result.time_limit_s:g} s ({source}), "
        f"{len(result.tests)} test(s) run"
    )
