"""A build that vanishes from the build cache while it is made or used (another judge's
eviction, or the user emptying ~/.cache/solver) is rebuilt once, then a judge error: never
"bad input" (exit 2, as if the user's package were broken), never a traceback (issue 17)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox import languages, runner
from sandbox.build_cache import MANIFEST
from sandbox.languages import Language, compile_input_validator, compile_source
from sandbox.limits import Limits
from sandbox.verdict import RunResult, Verdict
from solver.errors import SolverError
from solver.task import load_task
from tests.conftest import write_files

CTD = "INT(1,10)\nNEWLINE\nEOF\n"
needs_ctd = pytest.mark.skipif(
    not languages.CHECKTESTDATA.available(), reason="checktestdata (pyctd) is not installed"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache" / "build"
    monkeypatch.setattr(languages, "build_cache_dir", lambda: root)
    return root


def _empty_during_builds(
    monkeypatch: pytest.MonkeyPatch, cache: Path, times: int
) -> Callable[[], int]:
    """Empty the whole cache right after the next `times` builds ran (before their results
    are copied in); returns how many builds ran."""
    real = Language._run_build
    count = [0]

    def racing(self: Language, work: Path, name: str) -> object:
        result = real(self, work, name)
        count[0] += 1
        if count[0] <= times:
            shutil.rmtree(cache)
        return result

    monkeypatch.setattr(Language, "_run_build", racing)
    return lambda: count[0]


@needs_ctd
def test_a_cache_emptied_during_a_build_is_rebuilt_once(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds = _empty_during_builds(monkeypatch, cache, times=1)
    source = tmp_path / "validate.ctd"
    source.write_text(CTD)
    built = compile_input_validator(source)  # raised FileNotFoundError (validate.ctd)
    assert built.ok, built.message
    assert builds() == 2
    assert (built.program.directory / MANIFEST).exists()


@needs_ctd
def test_a_cache_emptied_during_every_build_is_a_judge_error(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds = _empty_during_builds(monkeypatch, cache, times=99)
    source = tmp_path / "validate.ctd"
    source.write_text(CTD)
    built = compile_input_validator(source)
    assert built.verdict is Verdict.JE and built.program is None
    assert "build cache" in built.message
    assert builds() == 2


@needs_ctd
def test_solve_on_a_package_whose_validator_build_vanishes_is_a_judge_error(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Exit 3 (SolverError), not exit 2 (BadInput: "validate.ctd: no such file or directory").
    package = write_files(
        tmp_path / "pkg",
        {
            "problem.yaml": "name: Echo\n",
            "statement/problem.en.md": "# Echo\n\nPrint the number n (1 <= n <= 10).\n",
            "data/sample/1.in": "3\n",
            "data/sample/1.ans": "3\n",
            "input_validators/validate.ctd": CTD,
        },
    )
    _empty_during_builds(monkeypatch, cache, times=99)
    with pytest.raises(SolverError) as raised:
        load_task(package)
    assert raised.value.exit_code == 3
    assert "validate.ctd" in str(raised.value) and "build cache" in str(raised.value)


def _vanishing_runs(monkeypatch: pytest.MonkeyPatch, cache: Path, times: int) -> list[Path]:
    """Runs of a program from the cache after which its entry is gone (as if evicted
    mid-run), `times` times; returns the entries run from (builds are not counted)."""
    real = runner.run
    seen: list[Path] = []

    def run(argv: list[str], limits: Limits, **kwargs: object) -> RunResult:
        result = real(argv, limits, **kwargs)  # type: ignore[arg-type]
        box = next(b.source for b in kwargs["binds"] if b.target == "/box")  # type: ignore[attr-defined]
        if not box.is_relative_to(cache):
            return result  # a build, in a folder of its own
        seen.append(box)
        if len(seen) <= times:
            shutil.rmtree(box)
        return result

    monkeypatch.setattr(runner, "run", run)
    return seen


@pytest.mark.parametrize("vanishings", [1, 2])
def test_a_build_vanishing_while_it_runs_is_run_again_once(
    vanishings: int, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilt and run again after the first vanishing; a judge error after the second."""
    source = tmp_path / "echo.py"
    source.write_text("print(input())\n")
    built = compile_source(source)
    assert built.ok
    stdin = tmp_path / "in"
    stdin.write_text("5\n")
    seen = _vanishing_runs(monkeypatch, cache, times=vanishings)
    result = built.program.run(Limits(), stdin=stdin)
    if vanishings == 1:
        assert (result.verdict, result.stdout) == (Verdict.OK, b"5\n")
    else:
        assert result.verdict is Verdict.JE and "vanished" in result.message
    assert len(seen) == 2
