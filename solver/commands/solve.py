"""`solver solve`: the self-verifying loop on one problem."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sandbox.slots import cpu_slots
from solver.commands.options import ALL_CORES_JOBS, LoopOptions, loop_options, use_python
from solver.console import err, interruption_said, out, printable, untrusted
from solver.errors import BadInput
from solver.fetch import resolve_problem

if TYPE_CHECKING:
    from solver.client import ModelClient
    from solver.loop import Outcome


def register(app: typer.Typer) -> None:
    app.command("solve")(solve_command)


_INTERACTIVE_STATEMENT = re.compile(
    r"interactive problem|^#+\s*interaction\b|\\section\*?\{interaction\}|"
    r"\\begin\{interaction\}",
    re.I | re.M,
)


def refuse_interactive(problem: Path) -> None:
    """A statement file describing an interactive problem is refused in one line: with no
    package there is no interactor to judge candidates (a package's interactor does, in the
    loop)."""
    why = (
        "solve needs the problem's package for an interactive problem (its interactor "
        "judges the candidates)"
    )
    if problem.is_file() and problem.suffix.lower() in (".md", ".txt", ".tex"):
        text = problem.read_text(errors="replace")
        if _INTERACTIVE_STATEMENT.search(text):
            raise BadInput(f"{problem.name}: the statement describes an interactive problem; {why}")


def default_paths(problem: Path) -> tuple[Path, Path]:
    """Solution and report next to the problem: `NAME.solution.py`, `NAME.report.json`."""
    resolved = problem.resolve()
    stem = resolved.name if resolved.is_dir() else resolved.stem
    return (resolved.parent / f"{stem}.solution.py", resolved.parent / f"{stem}.report.json")


@loop_options
def solve_command(
    problem: Annotated[
        Path,
        typer.Argument(
            help="Problem package directory, or a statement file (.md, .txt, .tex) with samples."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the solution (default: NAME.solution.py next to the problem).",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Where to write the JSON report (default: NAME.report.json next to the problem).",
        ),
    ] = None,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", "-t", min=0.01, help="Override the time limit.")
    ] = None,
    jobs: ALL_CORES_JOBS = None,
    final_judge: Annotated[
        bool,
        typer.Option(
            "--final-judge",
            help="Afterwards, judge the "
            "returned solution on the package's data/secret (which the loop "
            "never reads) and report that verdict separately.",
        ),
    ] = False,
    *,
    loop: LoopOptions,
) -> None:
    """Solve a problem with a code model, verifying the solution against its own tests.

    The loop drafts a Python solution, writes tests (the samples, edge cases the model lists,
    inputs drawn from a model-written hypothesis generator, filtered by input validators),
    predicts expected outputs (the model's majority vote and a brute-force reference run in
    the sandbox), runs the candidate, compares through the problem's checker and repairs it
    until everything agrees or the budget is spent.

    Before "verified", a trusted brute force is compared with the candidate on many more
    generated inputs (--stress-comparisons, capped by --stress-seconds), and the candidate is
    timed on inputs at the maximum constraints, worst cases included (--time-margin). The
    report's `strength` says how strong the verification was; its summary is printed.

    On an interactive package the package's interactor judges every run of a candidate
    (no predictions, no brute force, no stress: skipped, and said so); a statement file of an
    interactive problem is refused (no interactor).

    Exit codes: 0 verified, 1 unverified (the best candidate is still written), 2 bad input,
    3 model endpoint unreachable or a judge error.

    Example (a vLLM server with CWM on this machine):

        solver solve problems/add-two --base-url http://127.0.0.1:8000/v1 --model facebook/cwm
    """
    # Imported here, not at the top: other commands start without the loop's import time.
    from solver.client import ModelClient
    from solver.solve import solve_task
    from solver.task import load_task

    problem = resolve_problem(problem)  # a URL: fetched first (solver/fetch.py)
    use_python(loop.python)  # candidates, brute forces and validators are built with it
    refuse_interactive(problem)
    task = load_task(
        problem,
        time_limit=time_limit,
        progress=lambda msg: err.print(f"time limit: {untrusted(msg)}"),
    )
    config = loop.config()
    solution_path, report_path = default_paths(problem)
    solution_path, report_path = output or solution_path, report or report_path
    for path in (solution_path, report_path):
        if not path.parent.is_dir():
            raise BadInput(f"{path.parent}: no such directory")
    client = ModelClient(config)
    client.check()
    budget = loop.budget()
    with _Status(client) as status:
        solved = solve_task(
            task,
            client,
            budget,
            solution_path=solution_path,
            report_path=report_path,
            final_judge=final_judge,
            jobs=jobs or cpu_slots(),
            progress=status.update,
        )
    _summary(solved.outcome, solved.report, solution_path, report_path)
    if solved.exit_code not in (0, 1):
        err.print(
            f"[bold red]error:[/] {untrusted(solved.outcome.stop_reason)}; "
            f"partial report in {untrusted(str(report_path))}"
        )
        interruption_said()
    raise typer.Exit(solved.exit_code)


def _summary(outcome: Outcome, data: dict[str, object], solution: Path, report: Path) -> None:
    tokens = int(data["tokens"])  # type: ignore[call-overload]
    rounds = len(data["rounds"])  # type: ignore[arg-type]
    tests = len(data["tests"])  # type: ignore[arg-type]
    state = "[bold green]verified[/]" if outcome.verified else "[bold yellow]unverified[/]"
    where = f" -> {solution}" if outcome.best else " (no candidate)"
    out.print(
        f"{state}: {untrusted(outcome.stop_reason)}; {rounds} round(s), {tests} tests, "
        f"{tokens} tokens, {data['seconds']} s{untrusted(where)}; report {untrusted(str(report))}"
    )
    strength = data.get("strength")
    if isinstance(strength, dict):
        summary = printable(str(strength.get("summary", "")))
        out.print(summary, markup=False, highlight=False, soft_wrap=True)
    verdict = data.get("final_judge")
    if isinstance(verdict, dict):
        out.print(
            f"final judge on data/secret: {verdict.get('verdict')} "
            f"{untrusted(str(verdict.get('message') or ''))}".rstrip()
        )


class _Status:
    """A live status line on a terminal (stage, tokens, elapsed); nothing when piped."""

    def __init__(self, client: ModelClient) -> None:
        self.client = client
        self.start = time.monotonic()
        self.live = err.status("starting") if err.is_terminal and not os.environ.get("CI") else None

    def __enter__(self) -> _Status:
        if self.live is not None:
            self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)

    def update(self, message: str) -> None:
        if self.live is not None:
            self.live.update(
                f"{untrusted(message)}  [dim]{self.client.total_tokens} tokens, "
                f"{time.monotonic() - self.start:.0f} s[/]"
            )
