"""The `solver` command line: the commands (solver/commands/, one module each) assembled,
and the one place where failures become a line on stderr and an exit code."""

from __future__ import annotations

import contextlib
import os
import signal
import sys

import typer
from rich.text import Text

from sandbox.judge import JudgeError
from sandbox.languages import UnsupportedLanguage
from sandbox.package import PackageError
from solver import __version__
from solver.commands import COMMANDS
from solver.console import err, printable, was_interruption_said, watch_slot_waits
from solver.errors import BadInput, ModelUnavailable, SolverError

# Exit codes shared by every command.
EXIT_OK, EXIT_REJECTED, EXIT_BAD_INPUT, EXIT_JUDGE_ERROR = 0, 1, 2, 3

def _flags_read_as_flags() -> None:
    """typer (0.29) gives a flag a type in --help, `--all <bool>`, as if it took a value: a
    flag is shown without one. Only the help text changes; without the hook (another typer)
    the help is typer's own."""
    try:
        from typer.core import TyperOption
    except ImportError:
        return
    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "flags_untyped", False):
        return

    def display_type_rich(self: TyperOption, ctx: object) -> str | None:
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    display_type_rich.flags_untyped = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_read_as_flags()

app = typer.Typer(
    name="solver",
    help="A self-verifying competitive-programming solver and a local judge.\n\n"
    "Exit codes: 0 success (AC / verified), 1 rejected, 2 bad input, "
    "3 judge error or model unreachable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
for command in COMMANDS:
    command.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"solver {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """A self-verifying competitive-programming solver and a local judge."""


EXIT_INTERRUPTED = 130
"""Ctrl-C, and SIGTERM, which is handled the same way."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _last_resort(message: str) -> None:
    """One line on stderr with nothing that could fail in turn: no console, no markup, no
    import."""
    data = f"error: {printable(_one_line(message))}\n".encode("utf-8", errors="replace")
    with contextlib.suppress(OSError):
        os.write(2, data)


def _fail(message: str, code: int) -> int:
    try:
        err.print(Text.assemble(("error:", "bold red"), " ", printable(message)), highlight=False)
    except Exception:  # a broken console must not hide the message
        _last_resort(message)
    return code


def _describe(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:
        text = "(its message cannot be shown)"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _is_a(exc: BaseException, name: str) -> bool:
    """Is `exc` click's `name` exception? Matched by class name: typer may bundle its own
    copy of click, and `click` itself need not be importable."""
    return any(cls.__name__ == name for cls in type(exc).__mro__)


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM takes the Ctrl-C path: every command already saves what it finished then.
    raise KeyboardInterrupt


def _handle(exc: BaseException) -> int:
    if isinstance(exc, (PackageError, UnsupportedLanguage, BadInput)):
        return _fail(str(exc), EXIT_BAD_INPUT)
    if isinstance(exc, FileNotFoundError):
        return _fail(f"{exc.filename}: no such file or directory", EXIT_BAD_INPUT)
    if isinstance(exc, (JudgeError, ModelUnavailable)):
        return _fail(str(exc), EXIT_JUDGE_ERROR)
    if isinstance(exc, SolverError):
        return _fail(str(exc), exc.exit_code)
    if isinstance(exc, KeyboardInterrupt) or _is_a(exc, "Abort"):
        return _fail("interrupted", EXIT_INTERRUPTED)
    if _is_a(exc, "ClickException"):  # usage errors
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _last_resort(_describe(exc))
        code = getattr(exc, "exit_code", EXIT_BAD_INPUT)
        return code if isinstance(code, int) and 0 < code < 126 else EXIT_BAD_INPUT
    raise exc


def main() -> None:
    """Entry point: every expected failure is one line on stderr and an exit code; anything
    else is one line too ("internal error: ..."), exit 3."""
    with contextlib.suppress(ValueError, OSError):  # not the main thread: leave SIGTERM be
        signal.signal(signal.SIGTERM, _terminated)
    watch_slot_waits()  # a run waiting for a CPU slot that other judges hold says so
    try:
        try:
            # Without standalone mode click hands back the exit code instead of exiting.
            code = app(standalone_mode=False)
            if code == EXIT_INTERRUPTED and not was_interruption_said():
                # typer turned a Ctrl-C (or SIGTERM) into its exit code, silently
                code = _fail("interrupted", EXIT_INTERRUPTED)
            sys.exit(code if isinstance(code, int) else 0)
        except SystemExit:
            raise
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
        except BaseException as exc:
            sys.exit(_handle(exc))
    except SystemExit:
        raise
    except KeyboardInterrupt:  # a second Ctrl-C (or SIGTERM) while the first was handled
        _last_resort("interrupted")
        os._exit(EXIT_INTERRUPTED)
    except BaseException as exc:  # anything unforeseen, or a failure of the handlers above
        if os.environ.get("SOLVER_DEBUG"):
            raise
        _last_resort(f"internal error: {_describe(exc)} (set SOLVER_DEBUG=1 for the traceback)")
        sys.exit(EXIT_JUDGE_ERROR)


if __name__ == "__main__":
    main()
