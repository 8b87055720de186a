"""`solver trace`: a Python program's execution recorded, CWM-style (no model)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sandbox import traces
from sandbox.limits import Limits
from solver.commands.options import ENTRY, INPUT, JSON, python_source
from solver.console import err, out, print_json
from solver.errors import BadInput


def register(app: typer.Typer) -> None:
    app.command("trace")(trace_command)


def trace_command(
    program: Annotated[Path, typer.Argument(help="Python program.")],
    input: INPUT = None,
    entry: ENTRY = None,
    max_frames: Annotated[int, typer.Option("--max-frames", min=1)] = 10_000,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=100)] = 2_000_000,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit", "-t", min=0.01, help="CPU time limit in seconds, as for `solver run`."
        ),
    ] = 2.0,
    memory_limit: Annotated[int, typer.Option("--memory-limit", "-m", min=1)] = 256,
    cwm: Annotated[
        bool, typer.Option("--cwm", help="Print the trace in CWM's text format.")
    ] = False,
    as_json: JSON = False,
) -> None:
    """Run a Python program in the sandbox and record its execution, CWM-style.

    One scope is traced (the entry function, or the whole script): its call, every line
    about to run with the scope's locals, and its return or exception. Recording stops at
    --max-frames or --max-bytes, and the output says so. The same limits as a normal run
    apply (the tracer makes the program slower). Exit 0 when the program ran OK.

    Example:

        solver trace problems/add-two/submissions/accepted/add.py \\
            -i problems/add-two/data/sample/1.in
    """
    source = python_source(program)
    if input is not None and not input.is_file():
        raise BadInput(f"{input}: no such input file")
    result = traces.record(
        source,
        stdin=input,
        entry=entry,
        limits=Limits(time_s=time_limit, memory_mib=memory_limit),
        max_frames=max_frames,
        max_bytes=max_bytes,
    )
    run = result.run
    if as_json:
        print_json({**result.trace.to_json(), "run": run.to_json()})
    elif cwm:
        out.print(traces.to_cwm(result.trace), markup=False, highlight=False)
        if result.trace.cut:
            err.print(f"[trace cut: {result.trace.cut}]", markup=False)
    else:
        out.print(traces.listing(result.trace), markup=False, highlight=False)
        err.print(
            f"verdict: {run.verdict.value}  {len(result.trace.frames)} frames"
            f"  stdout: {run.stdout.decode(errors='replace')[:200]!r}"
        )
    if run.exit_code == 120 and entry:
        raise BadInput(f"{program}: no function named {entry!r}")
    raise typer.Exit(0 if run.verdict.value == "OK" else 1)
