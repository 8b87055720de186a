"""`solver verify`: a problem package checked the way `verifyproblem` does."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sandbox.package import load_problem
from sandbox.verify import PARTS, VerifyReport, verify
from solver.commands.options import ALL_CORES_JOBS, JSON, PYTHON, use_python
from solver.console import out, print_json, print_table, progress_bar, styled, untrusted


def register(app: typer.Typer) -> None:
    app.command("verify")(verify_command)


def verify_command(
    problem: Annotated[Path, typer.Argument(help="Problem package directory.")],
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", "-t", min=0.01, help="Override the time limit.")
    ] = None,
    jobs: ALL_CORES_JOBS = None,
    parts: Annotated[
        list[str] | None,
        typer.Option(
            "-p",
            "--parts",
            metavar="PART",
            help="What to check, as problemtools' --parts: data (the test inputs against the "
            "input validators), submissions; repeat or separate by commas (default: both).",
        ),
    ] = None,
    python: PYTHON = None,
    as_json: JSON = False,
) -> None:
    """Check a problem package the way `verifyproblem` does for its submissions.

    Validates every test input with the input validators, judges every file under
    `submissions/` on all tests, derives the time limit from the accepted submissions when
    problem.yaml fixes none (slowest accepted CPU time × ac_to_time_limit, rounded up
    to time_resolution; the deciding tests timed again where a verdict depends on it), and
    checks each submission got the verdict its folder promises (`accepted` AC,
    `wrong_answer` WA, `time_limit_exceeded` TLE, `run_time_error` RTE or MLE;
    `submissions.yaml` overrides), as problemtools does: a promise kept only with the limit
    × time_limit_to_tle is kept "with extra time" and flagged.
    Interactive problems run each submission against the package's interactor. Languages the
    judge does not run are skipped, not failed. `-p data` or `-p submissions` checks only
    that part. Exit 0 only if every input is valid and every submission is as promised.

    Example:

        solver verify problems/any-pair
    """
    chosen = _parts(parts)
    use_python(python)
    pkg = load_problem(problem)
    total = len(pkg.submissions()) if "submissions" in chosen else 0
    with progress_bar(f"verifying {pkg.short_name}", None) as bar:

        def say(message: str) -> None:
            if bar is not None:
                bar.update(bar.task_ids[0], description=untrusted(f"{pkg.short_name}: {message}"))

        report = verify(pkg, jobs=jobs, time_limit=time_limit, progress=say, parts=chosen)
    if as_json:
        print_json(report.to_json())
    else:
        _print_verify(report, total)
    raise typer.Exit(0 if report.ok else 1)


def _parts(given: list[str] | None) -> frozenset[str]:
    names = {name.strip() for item in given or [] for name in item.split(",") if name.strip()}
    unknown = sorted(names - PARTS)
    if unknown:
        raise typer.BadParameter(
            f"unknown part {unknown[0]!r} (known: {', '.join(sorted(PARTS))})",
            param_hint="'--parts'",
        )
    return frozenset(names) or PARTS


def _print_verify(report: VerifyReport, total: int) -> None:
    for issue in report.input_issues:
        out.print(f"[red]invalid input[/] {untrusted(issue.test)}: {untrusted(issue.message)}")
    for note_text in report.notes:
        out.print(f"[yellow]note[/] {untrusted(note_text)}")
    if "submissions" not in report.parts:
        status = "[bold green]OK[/]" if report.ok else "[bold red]FAILED[/]"
        out.print(
            f"{report.problem}: {status}  {len(report.input_issues)} invalid input(s); "
            "submissions not judged (--parts data)"
        )
        return
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
    print_table(table)
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
        f"promised, "
        + (
            f"{len(report.input_issues)} invalid input(s)"
            if "data" in report.parts
            else "inputs not validated (--parts submissions)"
        )
    )
