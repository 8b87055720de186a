"""`solver verify`: a problem package checked the way `verifyproblem` does."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sandbox.package import load_problem
from sandbox.verify import VerifyReport, verify
from solver.commands.options import JSON, PYTHON, use_python
from solver.console import out, print_json, progress_bar, styled, untrusted


def register(app: typer.Typer) -> None:
    app.command("verify")(verify_command)


def verify_command(
    problem: Annotated[Path, typer.Argument(help="Problem package directory.")],
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", "-t", min=0.01, help="Override the time limit.")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "-j",
            "--jobs",
            min=1,
            help="Runs at once (default: every core the sandbox may use; "
            "CPU times stay honest up to the number of cores).",
        ),
    ] = None,
    python: PYTHON = None,
    as_json: JSON = False,
) -> None:
    """Check a problem package the way `verifyproblem` does for its submissions.

    Validates every test input with the input validators, judges every file under
    `submissions/` on all tests, derives the time limit from the accepted submissions when
    problem.yaml fixes none (slowest accepted CPU time, measured several times, ×
    ac_to_time_limit, rounded up to time_resolution), and checks each submission got the
    verdict its folder promises (`accepted` AC, `wrong_answer` WA, `time_limit_exceeded` TLE,
    `run_time_error` RTE or MLE; `submissions.yaml` overrides), as problemtools does: a
    promise kept only with the limit × time_limit_to_tle is kept "with extra time" and flagged.
    Interactive problems run each submission against the package's interactor. Languages the
    judge does not run are skipped, not failed. Exit 0 only if every submission is as
    promised.

    Example:

        solver verify problems/any-pair
    """
    use_python(python)
    pkg = load_problem(problem)
    total = len(pkg.submissions())
    with progress_bar(f"verifying {pkg.short_name}", None) as bar:

        def say(message: str) -> None:
            if bar is not None:
                bar.update(bar.task_ids[0], description=untrusted(f"{pkg.short_name}: {message}"))

        report = verify(pkg, jobs=jobs, time_limit=time_limit, progress=say)
    if as_json:
        print_json(report.to_json())
    else:
        _print_verify(report, total)
    raise typer.Exit(0 if report.ok else 1)


def _print_verify(report: VerifyReport, total: int) -> None:
    for issue in report.input_issues:
        out.print(f"[red]invalid input[/] {untrusted(issue.test)}: {untrusted(issue.message)}")
    for note_text in report.notes:
        out.print(f"[yellow]note[/] {untrusted(note_text)}")
    table = Table(box=None, pad_edge=False)
    for col in ("submission", "expected", "verdict", "max time", "ok", "note"):
        table.add_column(col, justify="right" if col == "max time" else "left")
    for s in report.submissions:
        mark = (
            "[dim]skip[/]"
            if s.skipped
            else "[yellow]extra time[/]"
            if s.with_extra_time
            else "[green]yes[/]"
            if s.ok
            else "[bold red]NO[/]"
        )
        table.add_row(
            untrusted(s.path.removeprefix("submissions/")),
            s.expected,
            styled(s.verdict),
            f"{s.max_time_s:.2f} s",
            mark,
            untrusted(s.message),
        )
    out.print(table)
    bad = sum(1 for s in report.submissions if not s.ok)
    status = "[bold green]OK[/]" if report.ok else "[bold red]FAILED[/]"
    derived = report.derivation
    basis = ""
    if derived is not None:
        runs = max(len(m.times_s) for m in derived.measurements)
        basis = f", slowest accepted {derived.slowest_s:.3f} s CPU" + (
            f", least of {runs} runs" if runs > 1 else ""
        )
    out.print(
        f"{report.problem}: {status}  time limit {report.time_limit_s:g} s "
        f"({report.time_limit_source}{basis}), {total} submission(s), {bad} not as "
        f"promised, {len(report.input_issues)} invalid input(s)"
    )
