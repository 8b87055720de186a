"""Terminal output: rich on a terminal, plain lines when piped, errors as one line."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from solver.escapes import escaped

# Piped output keeps whole lines (no wrapping at 80 columns) so that scripts can grep it.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 200)

VERDICT_STYLE = {
    "AC": "bold green",
    "OK": "bold green",
    "WA": "bold red",
    "TLE": "bold yellow",
    "MLE": "bold yellow",
    "RTE": "bold magenta",
    "OLE": "bold yellow",
    "CE": "bold red",
    "JE": "bold white on red",
    "skipped": "dim",
    "verified": "bold green",
    "unverified": "bold yellow",
    "error": "bold red",
}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, *, lines: bool = False) -> str:
    """Text a program, a package or a model wrote, made harmless for a terminal: control
    characters (escape sequences, carriage returns; tabs and line breaks too unless `lines`)
    written as Python escapes, so `\\x1b[2J` is shown, not obeyed, and no line is forged."""
    return escaped(_CONTROL_BUT_LINES if lines else _CONTROL, text)


def untrusted(text: str) -> str:
    """`printable`, for a place that reads rich markup: `[green]AC[/]` in a program's stderr
    is shown as written, not as a green AC."""
    return escape(printable(text))


def styled(verdict: str) -> str:
    return f"[{VERDICT_STYLE.get(verdict, 'bold')}]{verdict}[/]"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def note(message: str) -> None:
    """A status line on stderr (never mixed into machine-readable stdout)."""
    err.print(f"[dim]{message}[/]")


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Progress | None]:
    """A live progress bar on a terminal; nothing when stderr is piped."""
    if not err.is_terminal:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with bar:
        bar.add_task(description, total=total)
        yield bar


class _Interruption:
    """Whether the command has told the user, its own way, that it was interrupted (then the
    CLI does not say it again)."""

    said = False


def interruption_said() -> None:
    _Interruption.said = True


def was_interruption_said() -> bool:
    return _Interruption.said
