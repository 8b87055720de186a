"""Commands that need no model: run, judge, verify, doctor."""

from __future__ import annotations

import os
import platform
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sandbox import isolation, quota
from sandbox.judge import JudgeResult, TestResult, judge, resolve_time_limit
from sandbox.languages import (
    LANGUAGES,
    PYTHON_RUNTIME_ENV,
    PYTHON_RUNTIMES,
    VALIDATION_LANGUAGES,
    compile_source,
)
from sandbox.limits import Limits
from sandbox.package import load_problem
from sandbox.verdict import Verdict
from sandbox.verify import VerifyReport, verify
from solver.console import (
    err,
    note,
    out,
    print_json,
    printable,
    progress_bar,
    styled,
    untrusted,
)
from solver.errors import BadInput

JSON = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
JOBS = Annotated[
    int,
    typer.Option(
        "-j",
        "--jobs",
        min=1,
        help="Tests run at once (at most the number of cores keeps timings honest).",
    ),
]
PYTHON = Annotated[
    str | None,
    typer.Option(
        "--python",
        help="Python 3 runtime for .py programs: cpython or pypy3 (as Kattis). "
        "Default: the package's .solver.yaml, else $SOLVER_PYTHON_RUNTIME, "
        "else cpython.",
    ),
]


def use_python(runtime: str | None) -> None:
    """Make `runtime` the Python 3 of every program built from here on (this process and the
    processes it starts): an environment variable, so batch workers inherit it."""
    if runtime is None:
        return
    if runtime not in PYTHON_RUNTIMES:
        raise BadInput(f"--python must be one of {', '.join(PYTHON_RUNTIMES)}, not {runtime!r}")
    if not PYTHON_RUNTIMES[runtime].available():
        raise BadInput(
            f"--python {runtime}: not installed (Debian/Ubuntu: apt-get install {runtime})"
        )
    os.environ[PYTHON_RUNTIME_ENV] = runtime


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


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)
    app.command("judge")(judge_command)
    app.command("verify")(verify_command)
    app.command("doctor")(doctor_command)


def _existing(path: Path, what: str) -> Path:
    if not path.exists():
        raise BadInput(f"{path}: no such {what}")
    return path


def run_command(
    solution: Annotated[Path, typer.Argument(help="Source file (.py, .c, .cpp, .java).")],
    input: Annotated[
        Path | None, typer.Option("--input", "-i", help="File fed on stdin (default: empty).")
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.01, help="CPU time limit in seconds.")
    ] = 2.0,
    memory_limit: Annotated[
        int, typer.Option("--memory-limit", "-m", min=1, help="Memory limit in MiB.")
    ] = 256,
    python: PYTHON = None,
    as_json: JSON = False,
) -> None:
    """Run one program once in the sandbox.

    The program's output goes to stdout and a summary line to stderr; with --json, one object
    with `verdict` (OK, TLE, MLE, RTE, OLE, CE), `exit_code`, `signal`, `cpu_time_s`,
    `wall_time_s`, `memory_mib`, `stdout` and `stderr`. Exit code 0 for OK, 1 otherwise.

    Example:

        solver run problems/add-two/submissions/accepted/add.py \\
            -i problems/add-two/data/sample/1.in
    """
    _existing(solution, "solution file")
    if input is not None:
        _existing(input, "input file")
    use_python(python)
    built = compile_source(solution)
    if built.program is None:
        if as_json:
            print_json(
                {
                    "verdict": built.verdict.value,
                    "exit_code": None,
                    "signal": None,
                    "cpu_time_s": 0.0,
                    "wall_time_s": 0.0,
                    "memory_mib": 0.0,
                    "stdout": "",
                    "stderr": built.message,
                    "message": built.message,
                }
            )
        else:
            err.print(printable(built.message, lines=True), markup=False)
            err.print(f"verdict: {styled(built.verdict.value)}")
        raise typer.Exit(3 if built.verdict is Verdict.JE else 1)
    result = built.program.run(Limits(time_s=time_limit, memory_mib=memory_limit), stdin=input)
    if as_json:
        print_json(result.to_json())
    else:
        sys.stdout.buffer.write(result.stdout)
        sys.stdout.flush()
        sys.stderr.buffer.write(result.stderr)
        sys.stderr.flush()
        detail = f" ({result.message})" if result.message else ""
        err.print(
            f"verdict: {styled(result.verdict.value)}{detail}  cpu {result.cpu_time_s:.3f} s"
            f"  wall {result.wall_time_s:.3f} s  memory {result.memory_mib:.1f} MiB"
        )
    if result.verdict is Verdict.JE:
        raise typer.Exit(3)
    raise typer.Exit(0 if result.verdict is Verdict.OK else 1)


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
    _existing(solution, "solution file")
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


def doctor_command(as_json: JSON = False) -> None:
    """Show which isolation features this machine provides, which are off and why, and which
    languages can be judged.

    Example:

        solver doctor
    """
    iso = isolation.detect()
    features = (*iso.features, quota.feature())
    langs = [
        {
            "language": lang.name,
            "available": lang.available(),
            "extensions": list(lang.extensions),
            "used_for": "input validators" if lang in VALIDATION_LANGUAGES else "programs",
        }
        for lang in (*LANGUAGES, *VALIDATION_LANGUAGES)
    ]
    info = {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "running_as_root": iso.is_root,
        "bubblewrap": iso.bwrap,
        "prlimit": iso.prlimit,
        "setpriv": iso.setpriv,
        "sandbox_init": iso.init,
        "sandbox_python": isolation.python_executable(),
        "cpu_count": os.cpu_count(),
        "features": [{"name": f.name, "on": f.on, "detail": f.detail} for f in features],
        "languages": langs,
    }
    if as_json:
        print_json(info)
        return
    table = Table(box=None, pad_edge=False, title="isolation", title_justify="left")
    table.add_column("feature")
    table.add_column("state")
    table.add_column("detail")
    for f in features:
        table.add_row(f.name, "[green]on[/]" if f.on else "[bold red]off[/]", f.detail)
    out.print(table)
    lang_table = Table(box=None, pad_edge=False, title="languages", title_justify="left")
    lang_table.add_column("language")
    lang_table.add_column("state")
    for lang in langs:
        state = "[green]available[/]" if lang["available"] else "[red]missing[/]"
        lang_table.add_row(
            str(lang["language"])
            + (" (input validators)" if lang["used_for"] == "input validators" else ""),
            state,
        )
    out.print(lang_table)
    out.print(
        f"tools: bwrap={iso.bwrap or '-'} prlimit={iso.prlimit or '-'} "
        f"setpriv={iso.setpriv or '-'}; root={iso.is_root}; "
        f"programs' Python: {isolation.python_executable()}"
    )
