"""benchmarks/verify_vs_problemtools.py: what it makes of either tool's output, without running
either (the benchmark itself needs problemtools installed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import yaml

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "verify_vs_problemtools.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_vs_problemtools", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


bench = load()

JUDGED = """Loading problem x
Checking submissions
ERROR accepted/a.py (Python 3 (w/PyPy3)) got RTE [Exit 1, CPU: 0.10s @ testcase sample/1]:
        Traceback (most recent call last):
        NameError: name 'raw_input' is not defined
x tested: 1 error, 0 warnings
"""

CRASHED = """Loading problem x
Checking submissions
Traceback (most recent call last):
  File "verifyproblem", line 1, in <module>
KeyError: 'grading'
"""


def test_a_finished_run_is_no_error_even_with_a_submission_traceback() -> None:
    assert bench.problemtools_error(JUDGED) == ""
    assert (
        bench.problemtools_error(JUDGED.replace("1 error, 0 warnings", "0 errors, 2 warnings"))
        == ""
    )


def test_a_crash_or_a_refused_package_is_an_error_with_its_last_line() -> None:
    assert bench.problemtools_error(CRASHED) == "problemtools stopped early: KeyError: 'grading'"
    refused = "ERROR Failed to load problem x: bad name\n"
    assert bench.problemtools_error(refused) == "ERROR Failed to load problem x: bad name"


def outcome(seconds: float, failed: set[str] | None = None, error: str = "") -> object:
    return bench.Outcome([seconds], failed or set(), error)


def test_a_package_one_tool_cannot_judge_is_left_out_of_the_totals() -> None:
    results = {
        "fine": (outcome(6.0), outcome(2.0)),
        "broken": (outcome(1.0, error="problemtools stopped early: KeyError"), outcome(50.0)),
    }
    text = bench.summary(results, {"fine": ["localised name ['en'] -> 'Fine'"]})
    lines = text.splitlines()
    assert next(x for x in lines if x.startswith("broken")).endswith(
        "not judged by problemtools: problemtools stopped early: KeyError (left out of the totals)"
    )
    total = next(x for x in lines if x.startswith("total"))
    assert "6.00 s" in total and "2.00 s" in total and "3.00x" in total
    assert total.endswith("solver slower on 0 of 1 package(s)")
    assert "fine: normalised: localised name ['en'] -> 'Fine'" in lines


def test_disagreeing_packages_get_a_total_of_their_own() -> None:
    results = {
        "a": (outcome(4.0, {"wrong_answer/x.py"}), outcome(2.0, {"wrong_answer/x.py"})),
        "b": (outcome(3.0, {"accepted/y.py"}), outcome(6.0)),
    }
    lines = bench.summary(results, {}).splitlines()
    assert next(x for x in lines if x.startswith("b ")).split()[-3:] == [
        "['accepted/y.py'],",
        "solver",
        "[]",
    ]
    assert "solver slower on 1 of 2" in next(x for x in lines if x.startswith("total"))
    assert "2.00x" in next(x for x in lines if x.startswith("agreeing only"))


def test_normalise_makes_a_localised_name_and_a_timelimit_file_loadable(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "problem.yaml").write_text(
        "problem_format_version: 2023-07-draft\nname:\n  en: Hello\n  nl: Hallo\n"
    )
    (src / ".timelimit").write_text("2.5\n")
    notes: list[str] = []
    fixed = bench.normalise(src, tmp_path / "dst", notes)
    conf = yaml.safe_load((tmp_path / "dst" / "problem.yaml").read_text())
    assert conf["name"] == "Hello" and conf["limits"]["time_limit"] == 2.5
    assert fixed == 2.5 and len(notes) == 2


def test_normalise_drops_a_python2_grader_and_its_custom_grading(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "graders").mkdir(parents=True)
    (src / "data" / "secret").mkdir(parents=True)
    (src / "problem.yaml").write_text("name: Old\ntype: scoring\n")
    (src / "graders" / "grader.py").write_text('print "AC 0"\n')
    (src / "data" / "testdata.yaml").write_text("grading: custom\ngrader_flags: sum\n")
    notes: list[str] = []
    bench.normalise(src, tmp_path / "dst", notes)
    assert not (tmp_path / "dst" / "graders").exists()
    assert yaml.safe_load((tmp_path / "dst" / "data" / "testdata.yaml").read_text()) in ({}, None)
    assert notes == ["Python 2 grader grader.py removed (default grading)"]


def test_normalise_keeps_a_python3_grader(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "graders").mkdir(parents=True)
    (src / "problem.yaml").write_text("name: New\n")
    (src / "graders" / "grader.py").write_text('print("AC 0")\n')
    notes: list[str] = []
    bench.normalise(src, tmp_path / "dst", notes)
    assert (tmp_path / "dst" / "graders" / "grader.py").exists() and notes == []


def test_a_submission_failed_in_any_run_counts(tmp_path: Path) -> None:
    # Before: each run replaced the last one's findings, so the table showed the last run only.
    tool = tmp_path / "verifyproblem"
    count = tmp_path / "count"
    count.write_text("0")
    tool.write_text(
        "#!/bin/sh\n"
        f"n=$(cat {count}); echo $((n + 1)) > {count}\n"
        'if [ "$n" = 0 ]; then\n'
        "  echo 'ERROR time_limit_exceeded/slow.cpp (C++) got RTE [SIGABRT, CPU: 2.59s]:'\n"
        "fi\n"
        "echo 'x tested: 0 errors, 0 warnings'\n"
    )
    tool.chmod(0o755)
    out = bench.Outcome()
    for _ in range(2):
        bench.run_problemtools(str(tool), tmp_path, None, out, {})
    assert out.failed == {"time_limit_exceeded/slow.cpp"} and len(out.seconds) == 2
    assert out.error == ""
