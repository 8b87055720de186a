"""The command modules' structure: one module per command, importing the core and the shared
options but never one another, and the loop's options defined once for `solve` and `batch`."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import typer.main

from solver.cli import app
from solver.commands.options import LoopOptions
from solver.loop import Budget

COMMANDS_DIR = Path(__file__).resolve().parent.parent / "solver" / "commands"
SHARED = {"__init__", "options"}

# LoopOptions field -> the Budget field it sets
BUDGET_FIELDS = {
    "rounds": "rounds",
    "token_budget": "tokens",
    "time_budget": "seconds",
    "candidates": "candidates",
    "predictions": "predictions",
    "stress_seconds": "stress_seconds",
    "generator_seconds": "generator_seconds",
    "time_margin": "time_margin",
    "stress_comparisons": "stress_comparisons",
    "alternatives": "alternatives",
}


def _flags(command: str) -> dict[str, object]:
    click_app = typer.main.get_command(app)
    params = click_app.commands[command].params  # type: ignore[attr-defined]
    return {opt: p.default for p in params for opt in p.opts if opt.startswith("--")}


def test_every_budget_setting_is_a_loop_option_with_the_loops_default() -> None:
    assert set(BUDGET_FIELDS.values()) == {f.name for f in dataclasses.fields(Budget)}
    defaults = Budget()
    for option, budget_field in BUDGET_FIELDS.items():
        field = LoopOptions.__dataclass_fields__[option]
        assert field.default == getattr(defaults, budget_field), option


def test_loop_options_build_the_budget_they_name() -> None:
    # A value per option unlike its default (and unlike the others), so no field is swapped.
    given = {
        option: type(getattr(Budget(), name))(7 + index)
        for index, (option, name) in enumerate(BUDGET_FIELDS.items())
    }
    budget = LoopOptions(**given).budget()  # type: ignore[arg-type]
    assert budget == Budget(**{BUDGET_FIELDS[o]: v for o, v in given.items()})
    assert budget != Budget()


def test_solve_and_batch_offer_every_loop_option_with_the_same_defaults() -> None:
    solve, batch = _flags("solve"), _flags("batch")
    loop_flags = {
        "--" + f.name.replace("_", "-"): f.default for f in dataclasses.fields(LoopOptions)
    }
    assert len(loop_flags) >= 16  # model endpoint and sampling, all 9 budget settings, --python
    for flag, default in loop_flags.items():
        assert solve.get(flag, "missing") == default, f"solve {flag}"
        assert batch.get(flag, "missing") == default, f"batch {flag}"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_command_modules_never_import_one_another() -> None:
    modules = {p.stem for p in COMMANDS_DIR.glob("*.py")} - SHARED
    assert {"solve", "batch", "run", "judge", "verify", "doctor", "trace"} <= modules
    for name in modules:
        others = {f"solver.commands.{m}" for m in modules - {name}}
        assert not _imports(COMMANDS_DIR / f"{name}.py") & others, name


def test_every_command_module_is_registered() -> None:
    from solver.commands import COMMANDS

    modules = {p.stem for p in COMMANDS_DIR.glob("*.py")} - SHARED
    assert {m.__name__.rsplit(".", 1)[1] for m in COMMANDS} == modules


def test_flags_read_as_flags_in_help() -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    for command, flag in (("judge", "--all"), ("batch", "--resume"), ("doctor", "--json")):
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert shown.exit_code == 0, shown.output
        line = next(ln for ln in shown.output.splitlines() if flag in ln)
        assert "<bool>" not in shown.output, line
    # options that take a value still say what value
    assert "<int range>" in runner.invoke(app, ["judge", "--help"], env={"COLUMNS": "200"}).output
