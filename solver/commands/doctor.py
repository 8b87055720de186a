"""`solver doctor`: what this machine's sandbox provides."""

from __future__ import annotations

import os
import platform
import sys

import typer
from rich.table import Table

from sandbox import isolation, quota
from sandbox.languages import LANGUAGES, VALIDATION_LANGUAGES
from solver.commands.options import JSON
from solver.console import out, print_json


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor_command)


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
