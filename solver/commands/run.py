"""`solver run`: one program, once, in the sandbox."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sandbox.languages import compile_source
from sandbox.limits import Limits
from sandbox.verdict import Verdict
from solver.commands.options import JSON, PYTHON, existing, use_python
from solver.console import err, print_json, printable, styled


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)


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
    existing(solution, "solution file")
    if input is not None:
        existing(input, "input file")
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
