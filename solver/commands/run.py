"""`solver run`: one program, once, in the sandbox."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from sandbox.languages import compile_source
from sandbox.limits import Limits
from sandbox.verdict import Verdict
from solver.commands.options import JSON, PYTHON, existing, use_python
from solver.console import err, print_json, printable, styled
from solver.errors import BadInput


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)


@contextmanager
def given_input(path: Path | None) -> Iterator[Path | None]:
    """The file the program reads as its stdin. The sandbox feeds it from a regular file, so
    standard input (`-`, or not given while stdin is not a terminal) and anything that is not
    a regular file (`/dev/stdin`, a named pipe, `<(...)`) are read here into a temporary one.
    """
    if path is None and (sys.stdin is None or sys.stdin.isatty()):
        yield None
        return
    if path is not None and str(path) != "-":
        existing(path, "input file")
        if path.is_file():
            yield path
            return
        if path.is_dir():
            raise BadInput(f"{path}: a directory, not an input file")
    try:
        if path is None or str(path) == "-":
            data = sys.stdin.buffer.read() if sys.stdin is not None else b""
        else:
            data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path or 'standard input'}: cannot be read ({exc.strerror})") from None
    with tempfile.TemporaryDirectory(prefix="solver-stdin-") as folder:
        copy = Path(folder) / "stdin"
        copy.write_bytes(data)
        yield copy


def run_command(
    solution: Annotated[Path, typer.Argument(help="Source file (.py, .c, .cpp, .java).")],
    input: Annotated[
        Path | None,
        typer.Option(
            "--input",
            "-i",
            help="File fed on stdin; `-` is this command's standard input. Default: this "
            "command's standard input when it is not a terminal, else empty.",
        ),
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

    Examples:

        solver run problems/add-two/submissions/accepted/add.py \\
            -i problems/add-two/data/sample/1.in

        echo "3 4" | solver run problems/add-two/submissions/accepted/add.py
    """
    existing(solution, "solution file")
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
    with given_input(input) as stdin:
        result = built.program.run(Limits(time_s=time_limit, memory_mib=memory_limit), stdin=stdin)
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
