"""`solver batch`: many problems, each solved by the loop and judged on its hidden tests."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from solver.commands.options import LoopOptions, loop_options, use_python
from solver.console import err, interruption_said, out, shown, styled, untrusted

if TYPE_CHECKING:
    from solver.batch import Record

# The loop, the model client and the datasets are imported by the commands that use them: every
# other command (`solver verify` in a judging pipeline, say) starts without their import time.


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)


@loop_options
def batch_command(
    problems: Annotated[
        list[Path] | None, typer.Argument(help="Problem packages, or folders of packages.")
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Where solutions and reports go.")] = Path(
        "solver-out"
    ),
    results: Annotated[
        Path | None,
        typer.Option("--results", help="JSONL results file (default: OUT/results.jsonl)."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip problems already in the results file.")
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "-j", "--jobs", min=1, help="Problems in flight. Sandbox runs never exceed the cores."
        ),
    ] = 2,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Ask the model even when the response cache has the answer."
        ),
    ] = False,
    summary: Annotated[
        Path | None, typer.Option("--summary", help="Also write the summary as Markdown.")
    ] = None,
    junit: Annotated[
        Path | None,
        typer.Option("--junit", help="Write a JUnit XML report: one test case per problem."),
    ] = None,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray",
            help="Run problems as Ray tasks "
            "on this cluster (`auto` for the one `ray start` made, `local` "
            "to start one here).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 4 when any verified solution fails the hidden tests (false verification).",
        ),
    ] = False,
    # Benchmark datasets (solver/datasets.py, docs/batch.md "Datasets").
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            help="Also solve a benchmark "
            "dataset: livecodebench:PATH or codecontests:PATH (JSONL, or a folder "
            "of them); its problems are written as packages in OUT/problems.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only dataset problems from contests on or after this date (YYYY-MM-DD).",
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="... and on or before this date.")
    ] = None,
    *,
    loop: LoopOptions,
) -> None:
    """Solve many problems, each judged afterwards on its hidden tests.

    Every finished problem is appended to a JSONL results file at once (one complete line or
    none, even when killed); `--resume` skips finished problems; Ctrl-C stops and says how to
    resume. A problem that crashes is recorded as an error and the batch goes on. Model
    replies are cached on disk, so a repeated run does not pay twice. The summary reports,
    per problem and in total, verified, the hidden-test verdict, rounds, tokens and time, and
    how many verified solutions the hidden tests reject (false verification), and how strong
    each verification was (oracle agreement, stress comparisons, the largest input timed,
    skipped checks). Exit code 0 only when every problem is verified; with --strict, 4 when
    a verified solution fails the hidden tests. Schemas: docs/batch.md.

    Example:

        solver batch problems/ -j 4 --base-url http://127.0.0.1:8000/v1 --junit results.xml
    """
    from solver import batch, datasets, scores
    from solver.batch import BatchOptions, ResultsFile
    from solver.client import ModelClient

    use_python(loop.python)  # an environment variable: the workers inherit it
    paths = datasets.problem_paths(problems, dataset, since, until, out_dir)
    config = loop.config()
    results_file = ResultsFile(results or out_dir / "results.jsonl")
    finished = results_file.load() if resume else {}
    records: dict[str, Record] = {k: v for k, v in finished.items() if k in {str(p) for p in paths}}

    def stopped(reason: str) -> None:
        """Whatever stops the batch, its reports say what became of every problem."""
        everything = [records.get(str(p)) or batch.not_run(p, reason) for p in paths]
        _write_reports(everything, summary, junit)

    try:
        ModelClient(config).check()
    except Exception as exc:
        stopped(f"the model cannot be reached ({exc})")
        raise
    out_dir.mkdir(parents=True, exist_ok=True)
    if not resume and results_file.path.exists() and results_file.path.stat().st_size:
        results_file.path.write_text("")  # a fresh run starts a fresh file
    todo = [p for p in paths if str(p) not in finished]
    options = BatchOptions(config, loop.budget(), out_dir.resolve(), use_cache=not no_cache)
    if finished:
        err.print(f"resuming: {len(records)} of {len(paths)} problems already finished")
    display = _Display(len(paths), list(records.values()))

    def done(record: Record) -> None:
        results_file.append(record)
        records[record["path"]] = record
        display.finished(record)

    try:
        with display:
            if ray_address:
                batch.run_ray(todo, options, ray_address, done)
            else:
                batch.run_local(todo, options, jobs, done)
    except KeyboardInterrupt:
        interruption_said()
        stopped("the batch was interrupted")
        err.print(
            f"[bold yellow]interrupted[/]: {len(records)} of {len(paths)} problems "
            f"finished and saved in {results_file.path}. To go on:\n  solver batch "
            f"{' '.join(map(str, problems or []))}"
            + "".join(
                f" {flag} {value}"
                for flag, value in (("--dataset", dataset), ("--since", since), ("--until", until))
                if value
            )
            + f" --out {out_dir} --resume"
        )
        sys.stdout.flush()
        os._exit(130)  # do not wait for problems still running in worker threads
    except Exception as exc:
        stopped(f"the batch stopped ({type(exc).__name__}: {exc})")
        raise
    ordered = [records[str(p)] for p in paths if str(p) in records]
    _print_summary(ordered)
    _write_reports(ordered, summary, junit)
    scores.report(ordered, config.model, summary)  # pass@1 tables and plot (solver/scores.py)
    raise typer.Exit(exit_code(ordered, strict=strict))


def _write_reports(records: list[Record], summary: Path | None, junit: Path | None) -> None:
    """The Markdown summary and the JUnit XML, as asked; one that cannot be written is said
    in a line (the batch's own outcome, or the error that stopped it, still decides the exit
    code)."""
    from solver import batch

    for path, content in (
        (summary, lambda: batch.summary_markdown(records).encode()),
        (junit, lambda: batch.junit_xml(records)),
    ):
        if path is None:
            continue
        try:
            path.write_bytes(content())
        except OSError as exc:
            err.print(
                f"[bold red]error:[/] {untrusted(str(path))}: cannot be written ({exc.strerror})"
            )


STRICT_EXIT = 4
"""`--strict`: some verified solution fails the hidden tests."""


def exit_code(records: list[Record], *, strict: bool) -> int:
    from solver import batch

    false_verified = batch.totals(records).false_verified
    if strict and false_verified:
        err.print(
            f"[bold red]--strict[/]: {false_verified} verified solution"
            f"{'s' if false_verified != 1 else ''} failed the hidden tests"
        )
        return STRICT_EXIT
    return 0 if all(r["status"] == "verified" for r in records) else 1


def _print_summary(records: list[Record]) -> None:
    from solver import batch

    table = Table(box=None, pad_edge=False)
    for col in batch.SUMMARY_HEADER:
        table.add_column(col, justify="right" if col in ("rounds", "tokens", "seconds") else "left")
    for row in batch.summary_rows(records):
        row = [untrusted(cell) for cell in row]  # names, messages: a package's and a model's
        row[1] = styled(row[1])
        row[2] = styled(row[2]) if row[2] != "-" else row[2]
        table.add_row(*row)
    out.print(table)
    for line in batch.summary_figures(batch.totals(records)):
        out.print(line)


class _Display:
    """A live bar on a terminal (done / verified / failed, tokens, elapsed, remaining); one
    line per finished problem when piped."""

    def __init__(self, total: int, already: list[Record]) -> None:
        self.total = total
        self.records = list(already)
        self.live = err.is_terminal and not os.environ.get("CI")
        self.start = time.monotonic()
        self.bar = (
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                TextColumn("[yellow]{task.fields[waiting]}"),
                console=err,
                transient=True,
            )
            if self.live
            else None
        )
        self.task: TaskID | None = None
        self.shown = contextlib.ExitStack()

    def __enter__(self) -> _Display:
        if self.bar is not None:
            self.bar.__enter__()
            self.shown.enter_context(shown(self.bar))  # where waits for a CPU slot are said
            self.task = self.bar.add_task(
                "problems",
                total=self.total,
                completed=len(self.records),
                counts=self._counts(),
                waiting="",
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.shown.close()
            self.bar.__exit__(None, None, None)

    def _counts(self) -> str:
        from solver import batch

        t = batch.totals(self.records)
        return (
            f"verified {t.verified}  unverified {t.unverified}  errors {t.errors}  "
            f"tokens {t.tokens}"
        )

    def finished(self, record: Record) -> None:
        self.records.append(record)
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, advance=1, counts=self._counts())
            return
        note = record.get("error") or f"hidden tests {record.get('final_verdict') or '-'}"
        print(
            f"[{len(self.records)}/{self.total}] {record['problem']}: {record['status']}, "
            f"{record.get('rounds', 0)} rounds, {record.get('tokens', 0)} tokens, "
            f"{record.get('seconds', 0):.1f} s, {note}",
            flush=True,
        )
