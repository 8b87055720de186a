"""Shared helpers: build throwaway problem packages and run the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"

# The suite's own CPU slot set (sandbox/slots.py): its runs queue for slots among themselves
# and never wait on judges outside it (another `solver verify`, another developer's test run).
# Set here, before any test starts, so every process of the run shares the one set: the xdist
# workers and the CLI processes the tests start inherit it. The sandbox uid locks stay
# machine-wide whatever the set (two runs as one uid would kill each other's programs).
# A set named from outside (SOLVER_SLOT_SET=...) is kept.
_OWN_SLOT_SET = "SOLVER_SLOT_SET" not in os.environ
os.environ.setdefault("SOLVER_SLOT_SET", f"tests-{os.getpid()}")

# The suite's own cache folder (builds, the sandbox's helpers, derived time limits): another
# judge on the machine emptying or rebuilding ~/.cache/solver while the suite runs cannot
# change what a test sees, and the suite starts as cold as on a fresh machine. Not under /tmp:
# the sandbox's own /tmp would hide the interpreter prefix kept there. A folder named from
# outside (XDG_CACHE_HOME=...) is kept.
_OWN_CACHE = "XDG_CACHE_HOME" not in os.environ
os.environ.setdefault(
    "XDG_CACHE_HOME", str(Path.home() / ".cache" / "solver-tests" / f"run-{os.getpid()}")
)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The suite's slot set and cache are removed by the process that named them (not by
    xdist workers)."""
    if hasattr(session.config, "workerinput"):
        return
    if _OWN_SLOT_SET:
        from sandbox.slots import slot_dir

        shutil.rmtree(slot_dir(), ignore_errors=True)
    if _OWN_CACHE:
        shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    cwd: Path | None = None,
    stdin: str | None = None,
) -> CliResult:
    """Run `python -m solver ARGS` as a user would (a real process, real exit code). Its
    standard input is `stdin`, else empty: never the test runner's (`solver run` reads it)."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "solver", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=cwd,
        input=stdin if stdin is not None else "",
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def default_sigint() -> None:
    """For Popen's preexec_fn: a child that is sent SIGINT must not inherit it ignored (a
    pytest-xdist worker may run with SIGINT ignored, and Python keeps an ignored SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_files(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"))
    return root


SUM_AC = """
import sys
print(sum(map(int, sys.stdin.read().split())))
"""


@pytest.fixture
def make_package(tmp_path: Path):
    """A small a+b package; `files` add to or replace its files (None removes one)."""

    def make(files: dict[str, str | None] | None = None, name: str = "sum") -> Path:
        base: dict[str, str | None] = {
            "problem.yaml": "name: Sum\nlimits:\n  time_limit: 2\n  memory: 256\n",
            "problem_statement/problem.en.md": "# Sum\nAdd the numbers.\n",
            "data/sample/1.in": "1 2\n",
            "data/sample/1.ans": "3\n",
            "data/secret/1.in": "10 20\n",
            "data/secret/1.ans": "30\n",
            "data/secret/2.in": "-5 5\n",
            "data/secret/2.ans": "0\n",
            "submissions/accepted/sum.py": SUM_AC,
        }
        base.update(files or {})
        root = tmp_path / name
        write_files(root, {k: v for k, v in base.items() if v is not None})
        return root

    return make


@pytest.fixture
def statement(tmp_path: Path) -> Path:
    """The sum problem of tests/test_solve.py as a statement file (the loop tests' problem)."""
    from tests.test_solve import STATEMENT

    return write_files(tmp_path, {"sum.md": STATEMENT}) / "sum.md"
