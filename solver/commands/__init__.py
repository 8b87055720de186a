"""The `solver` commands, one module each, in the order `--help` lists them.

A command module imports the core (solver/, sandbox/) and the shared option definitions
(`options`), never another command: what two commands share belongs in `options` or the core.
"""

from __future__ import annotations

from types import ModuleType

from solver.commands import (
    batch,
    cache,
    doctor,
    fetch,
    judge,
    predict,
    run,
    solve,
    trace,
    verify,
)

COMMANDS: tuple[ModuleType, ...] = (
    solve,
    batch,
    cache,
    run,
    judge,
    verify,
    doctor,
    trace,
    predict,
    fetch,
)
