"""The `solver` command line."""

from __future__ import annotations

import os
import sys

import typer

from sandbox.judge import JudgeError
from sandbox.languages import UnsupportedLanguage
from sandbox.package import PackageError
from solver import (
    __version__,
    batch_command,
    fetch,
    judge_commands,
    solve_command,
    trace_commands,
)
from solver.console import err
from solver.errors import BadInput, ModelUnavailable, SolverError

# Exit codes shared by every command.
EXIT_OK, EXIT_REJECTED, EXIT_BAD_INPUT, EXIT_JUDGE_ERROR = 0, 1, 2, 3

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
solve_command.register(app)
batch_command.register(app)
judge_commands.register(app)
trace_commands.register(app)
fetch.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"solver {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """A self-verifying competitive-programming solver and a local judge."""


def _fail(message: str, code: int) -> int:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return code


def main() -> None:
    """Entry point: every expected failure is one line on stderr and an exit code."""
    try:
        # Without standalone mode click hands back the exit code instead of exiting.
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except SystemExit:
        raise
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (PackageError, UnsupportedLanguage, BadInput) as exc:
        sys.exit(_fail(str(exc), EXIT_BAD_INPUT))
    except FileNotFoundError as exc:
        sys.exit(_fail(f"{exc.filename}: no such file or directory", EXIT_BAD_INPUT))
    except (JudgeError, ModelUnavailable) as exc:
        sys.exit(_fail(str(exc), EXIT_JUDGE_ERROR))
    except SolverError as exc:
        sys.exit(_fail(str(exc), exc.exit_code))
    except KeyboardInterrupt:
        sys.exit(_fail("interrupted", 130))
    except Exception as exc:  # click's usage errors and anything unforeseen
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(EXIT_BAD_INPUT)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(_fail("aborted", 130))
        if os.environ.get("SOLVER_DEBUG"):
            raise
        sys.exit(_fail(f"internal error: {type(exc).__name__}: {exc} "
                       "(set SOLVER_DEBUG=1 for the traceback)", EXIT_JUDGE_ERROR))


if __name__ == "__main__":
    main()
