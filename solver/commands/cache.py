"""`solver cache show|clear`: the model-response cache."""

from __future__ import annotations

import typer

from solver.commands.options import JSON
from solver.console import out, print_json


def register(app: typer.Typer) -> None:
    cache_app = typer.Typer(help="Show or clear the model-response cache.", no_args_is_help=True)
    cache_app.command("show")(cache_show)
    cache_app.command("clear")(cache_clear)
    app.add_typer(cache_app, name="cache")


def cache_show(as_json: JSON = False) -> None:
    """Show where the model-response cache is, and what it holds."""
    from solver.cache import ResponseCache

    stats = ResponseCache().stats()
    if as_json:
        print_json(
            {
                "path": str(stats.path),
                "entries": stats.entries,
                "bytes": stats.bytes,
                "models": stats.models,
            }
        )
        return
    out.print(f"{stats.path}: {stats.entries} cached responses, {stats.bytes / 1e6:.1f} MB")
    for name, count in sorted(stats.models.items()):
        out.print(f"  {name}: {count}")


def cache_clear() -> None:
    """Delete every cached model response."""
    from solver.cache import ResponseCache

    cache = ResponseCache()
    removed = cache.clear()
    out.print(f"removed {removed} cached responses from {cache.path}")
