"""Terminal output: rich on a terminal, plain lines when piped, errors as one line."""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.errors import LiveError
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.status import Status

from sandbox.slots import Waiting, on_wait, slot_set
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
        TextColumn("[yellow]{task.fields[waiting]}"),
        console=err,
        transient=True,
    )
    with bar, shown(bar):
        bar.add_task(description, total=total, waiting="")
        yield bar


class _Live:
    bar: Progress | None = None
    """The progress bar on screen, where a wait for a CPU slot is shown (a second live
    display beside it is refused by rich)."""


@contextmanager
def shown(bar: Progress) -> Iterator[None]:
    """Mark `bar` as the one on screen while the block runs; its tasks need a `waiting` field."""
    _Live.bar = bar
    try:
        yield
    finally:
        _Live.bar = None


class _Interruption:
    """Whether the command has told the user, its own way, that it was interrupted (then the
    CLI does not say it again)."""

    said = False


def interruption_said() -> None:
    _Interruption.said = True


def was_interruption_said() -> bool:
    return _Interruption.said


class SlotWaits:
    """Says when this process's runs wait for a CPU slot (sandbox/slots.py) that other
    judges on the machine hold: a live line on a terminal (in the progress bar when one is
    shown), and on a pipe one line once a wait has lasted `after_s`, at most one per `every_s`.
    """

    def __init__(self, after_s: float = 3.0, every_s: float = 30.0) -> None:
        self.after_s, self.every_s = after_s, every_s
        self.lock = threading.Lock()
        self.waits: dict[int, Waiting] = {}
        self.said_at: float | None = None
        self.status: Status | None = None

    def __call__(self, waiting: Waiting) -> None:
        with self.lock:
            if waiting.done:
                self.waits.pop(threading.get_ident(), None)
            else:
                self.waits[threading.get_ident()] = waiting
            text = self._text()
            if err.is_terminal:
                self._show(text)
            elif text and max(w.seconds for w in self.waits.values()) >= self.after_s:
                now = time.monotonic()
                if self.said_at is None or now - self.said_at >= self.every_s:
                    self.said_at = now
                    err.print(text, markup=False, highlight=False, soft_wrap=True)

    def _text(self) -> str:
        if not self.waits:
            return ""
        ahead = min(w.ahead for w in self.waits.values())
        seconds = max(w.seconds for w in self.waits.values())
        slots = next(iter(self.waits.values())).slots
        return (
            f"waiting for a CPU slot: all {slots} taken, {ahead} run{'s' if ahead != 1 else ''} "
            f"queued ahead of this one ({slot_set()}), {seconds:.0f} s so far"
        )

    def _show(self, text: str) -> None:
        bar = _Live.bar
        if bar is not None:
            for task in bar.task_ids:
                bar.update(task, waiting=f"  {escape(text)}" if text else "")
            return
        if text and self.status is None:
            try:
                self.status = err.status(escape(text))
                self.status.start()
            except LiveError:  # another live display (one this module does not know) is up
                self.status = None
        elif self.status is not None:
            if text:
                self.status.update(escape(text))
            else:
                self.status.stop()
                self.status = None


def watch_slot_waits() -> None:
    """From here on, say when this process's runs wait for a CPU slot."""
    on_wait(SlotWaits())
