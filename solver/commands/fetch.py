"""`solver fetch`: a problem from an online judge, written as a problem package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from solver.console import out
from solver.fetch import fetch


def register(app: typer.Typer) -> None:
    app.command("fetch")(fetch_command)


def fetch_command(
    url: Annotated[str, typer.Argument(help="The problem's page on an online judge.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Package folder to write (default: ./NAME from the URL)."
        ),
    ] = None,
) -> None:
    """Download a problem from an online judge as a problem package.

    Writes `problem.yaml` (name, source, and time and memory limits when the site states
    them), `statement/problem.en.md` and the samples in `data/sample`, ready for `solver
    solve`, `solver judge` and `solver verify`. Uses online-judge-tools' client (AtCoder,
    Codeforces, yukicoder, Kattis, AOJ and more); no login, no submission. Exit code 2 for an
    unsupported URL or a site that cannot be reached.

    Example:

        solver fetch https://atcoder.jp/contests/abc301/tasks/abc301_a
    """
    got = fetch(url, output)
    limits = (
        ", ".join(
            x
            for x in (
                f"time limit {got.time_limit_s:g} s" if got.time_limit_s else "",
                f"memory {got.memory_mib} MiB" if got.memory_mib else "",
            )
            if x
        )
        or "no limits stated"
    )
    out.print(f"{got.judge}: {got.samples} sample(s), {limits} -> {got.root}")
