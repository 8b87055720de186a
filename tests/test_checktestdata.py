"""Checktestdata (`.ctd`) input validators run for real (issue 10, item 1): found in the legacy
and current validator folders, as a file or as a folder's only program, run by pyctd in the
sandbox with its exit status read as 42 (valid) / 43 (invalid), by `verify` on every input and
by the loop's filter on generated inputs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from sandbox import verify as verify_module
from sandbox.languages import CHECKTESTDATA, Program, compile_input_validator
from sandbox.limits import Limits
from sandbox.package import load_problem
from sandbox.verify import validate_inputs
from solver.client import ModelClient
from solver.config import ModelConfig
from solver.loop.state import LoopState
from solver.loop.tests import make_tests
from solver.task import load_task
from tests.conftest import run_cli
from tests.scripted_model import ScriptedModel, code, input_blocks

# make_package's inputs are "1 2", "10 20" and "-5 5": two integers in [-100, 100].
SUM_CTD = "INT(-100, 100) SPACE INT(-100, 100) NEWLINE\n"
CORRUPTED = {
    "wrong-token": "10 x\n",
    "double-space": "10  20\n",
    "trailing-line": "10 20\n\n",
    "out-of-range": "10 200\n",
    "no-newline": "10 20",
}


def package(
    make_package, validator: dict[str, str], extra: dict[str, str] | None = None, name: str = "sum"
) -> Path:
    files: dict[str, str | None] = {**validator, "submissions/accepted/sum.py": None}
    for stem, text in CORRUPTED.items():
        files[f"data/secret/{stem}.in"] = text
        files[f"data/secret/{stem}.ans"] = "0\n"
    files.update(extra or {})
    return make_package(files, name=name)


@pytest.mark.parametrize(
    ("layout", "program"),
    [
        ({"input_format_validators/sum.ctd": SUM_CTD}, "input_format_validators/sum.ctd"),
        (
            {
                "input_format_validators/format/sum.ctd": SUM_CTD,
                "input_format_validators/format/README.txt": "the format, in checktestdata\n",
            },
            "input_format_validators/format",
        ),
        (
            {
                "problem.yaml": "problem_format_version: 2023-07\nname: Sum\n"
                "limits:\n  time_limit: 2\n",
                "input_validators/sum.ctd": SUM_CTD,
            },
            "input_validators/sum.ctd",
        ),
    ],
    ids=["legacy-file", "legacy-folder", "2023-07-file"],
)
def test_verify_accepts_good_inputs_and_reports_each_corrupted_one(
    make_package, layout: dict[str, str], program: str
) -> None:
    root = package(make_package, layout)
    res = run_cli("verify", root, "--json")
    assert res.code == 1, res.stderr
    data = res.json()
    issues = {i["test"]: i["message"] for i in data["input_validation"]}
    assert sorted(issues) == sorted(f"secret/{stem}" for stem in CORRUPTED)
    for message in issues.values():
        assert message.startswith(f"{program} rejected: "), message
        assert "\n" not in message and "Traceback" not in message
    # pyctd's own words, with the place in the input.
    assert issues["secret/out-of-range"] == (
        f"{program} rejected: 1:4 integer 200 outside of range [-100, 100]"
    )
    assert "expected an integer" in issues["secret/wrong-token"]
    assert data["notes"] == []
    plain = run_cli("verify", root)
    assert "secret/double-space" in plain.stdout and "Traceback" not in plain.stderr


def test_a_valid_package_with_a_ctd_verifies(make_package) -> None:
    root = make_package({"input_format_validators/sum.ctd": SUM_CTD})
    res = run_cli("verify", root, "--json")
    assert res.code == 0, res.stdout + res.stderr
    assert res.json()["input_validation"] == []


def test_acceptances_are_cached_rejections_are_not(
    make_package, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = load_problem(
        package(make_package, {"input_format_validators/s.ctd": SUM_CTD + "# cached\n"})
    )
    first, _ = validate_inputs(problem)
    assert len(first) == len(CORRUPTED)
    ran: list[Path | None] = []
    real_run = Program.run

    def counting(self: Program, *args: Any, **kwargs: Any) -> Any:
        ran.append(kwargs.get("stdin"))
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(Program, "run", counting)
    again, _ = validate_inputs(problem)
    assert [i.to_json() for i in again] == [i.to_json() for i in first]
    # Only the rejected inputs ran again: the three valid ones were remembered.
    assert sorted(p.stem for p in ran if p is not None) == sorted(CORRUPTED)


def test_a_ctd_that_does_not_parse_is_a_one_line_issue(make_package) -> None:
    root = make_package({"input_format_validators/broken.ctd": "INT(1, 10 NEWLINE\n"})
    res = run_cli("verify", root, "--json")
    assert res.code == 1
    assert res.json()["input_validation"] == [
        {
            "test": "-",
            "message": "input validator input_format_validators/broken.ctd does not build: "
            "unexpected token at 1:11 'NEWLINE'",
        }
    ]
    plain = run_cli("verify", root)
    assert "Traceback" not in plain.stdout + plain.stderr
    built = compile_input_validator(root / "input_format_validators/broken.ctd")
    assert built.verdict.value == "CE" and built.program is None


def test_two_ctd_files_in_one_folder_are_not_one_program(make_package) -> None:
    root = make_package(
        {
            "input_format_validators/format/a.ctd": SUM_CTD,
            "input_format_validators/format/b.ctd": SUM_CTD,
        }
    )
    issues = run_cli("verify", root, "--json").json()["input_validation"]
    assert len(issues) == 1 and issues[0]["test"] == "-"
    assert "found 2 checktestdata files" in issues[0]["message"]


def test_exit_status_mapped_in_the_sandbox(tmp_path: Path) -> None:
    ctd = tmp_path / "n.ctd"
    ctd.write_text("INT(0, 5, n) NEWLINE\nASSERT(10 / n > 1)\n")
    program = compile_input_validator(ctd).program
    assert program is not None and program.language is CHECKTESTDATA
    limits = Limits(time_s=10, memory_mib=1024)
    codes = {}
    for text in ("2\n", "7\n", "0\n"):
        (tmp_path / "in").write_text(text)
        codes[text] = program.run(limits, stdin=tmp_path / "in").exit_code
    # valid, invalid, and the validator's own failure (a division by zero): never 42 or 43.
    assert codes == {"2\n": 42, "7\n": 43, "0\n": 2}
    # pyctd exits 0 for --help or --version too, having checked nothing: that is no "valid".
    (tmp_path / "in").write_text("7\n")
    for flags in (("--help",), ("--vers",), ("--convert", "/tmp/x.py")):
        run = program.run(limits, stdin=tmp_path / "in", args=flags)
        assert run.exit_code == 2 and b"checktestdata checked nothing" in run.stderr, flags
    # An option pyctd knows and that still checks the input is given to it.
    assert program.run(limits, stdin=tmp_path / "in", args=("-d",)).exit_code == 43


def test_flags_reach_checktestdata_as_problemtools_gives_them(make_package, tmp_path: Path) -> None:
    """problemtools runs `python -m checktestdata x.ctd FLAGS < input`: pyctd reads a lone
    argument as the name of the file to check. In the sandbox no file of the judge's machine
    outside the package can be named that way: a package that tries gets a failure, and what
    the file holds never shows."""
    outside = tmp_path / "private.txt"
    outside.write_text("SECRETWORD 1\n")
    root = make_package(
        {
            "input_format_validators/sum.ctd": SUM_CTD,
            "data/secret/testdata.yaml": f"input_validator_flags: {outside}\n",
        }
    )
    res = run_cli("verify", root, "--json")
    issues = res.json()["input_validation"]
    assert sorted(i["test"] for i in issues) == ["secret/1", "secret/2"]  # not the sample
    for issue in issues:
        assert "failed (RTE, exit code 2)" in issue["message"]
        assert "as problemtools gives them" in issue["message"]
        assert "No such file or directory" in issue["message"]
    assert "SECRETWORD" not in res.stdout + res.stderr
    # Flags named for another validator (2023-07's mapping) do not reach it.
    named = make_package(
        {
            "problem.yaml": "problem_format_version: 2023-07\nname: Sum\n"
            "limits:\n  time_limit: 2\n",
            "input_validators/sum.ctd": SUM_CTD,
            "input_validators/other.py": "import sys\nsys.exit(42)\n",
            "data/secret/testdata.yaml": "input_validator_flags:\n  other: --max 10\n",
        },
        name="named",
    )
    assert run_cli("verify", named, "--json").json()["input_validation"] == []


def test_a_ctd_that_never_ends_is_stopped(make_package, monkeypatch: pytest.MonkeyPatch) -> None:
    # MATCH looks at the next character without reading it: this loop never ends.
    problem = load_problem(
        make_package({"input_format_validators/spin.ctd": 'WHILE(!MATCH("x")) END\n'})
    )
    monkeypatch.setattr(
        verify_module, "INPUT_VALIDATOR_LIMITS", Limits(time_s=1.0, wall_s=20.0, memory_mib=1024)
    )
    start = time.monotonic()
    issues, _ = validate_inputs(problem)
    assert len(issues) == len(problem.tests("all"))
    assert all("failed (TLE" in i.message for i in issues)
    assert time.monotonic() - start < 120  # each run cut at its limit, not hanging


def test_the_loop_drops_generated_inputs_the_ctd_rejects(make_package) -> None:
    root = make_package({"input_format_validators/sum.ctd": SUM_CTD})
    generator = """
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    bound = 100 if size != "large" else 10**6
    a = draw(st.integers(-bound, bound))
    b = draw(st.integers(bound - 10, bound) if size == "large" else st.integers(-bound, bound))
    return f"{a} {b}\\n"
"""
    stages = {
        "tests": [input_blocks("3 4\n", "3  4\n", "300 4\n")],
        "generator": [code(generator)],
        # The model's own validator accepts everything: only the .ctd filters.
        "validator": [code("import sys\nsys.exit(0)\n")],
    }
    with ScriptedModel(stages) as model:
        client = ModelClient(
            ModelConfig(base_url=model.base_url, model="scripted-model", retries=0)
        )
        state = LoopState(load_task(root), client)
        make_tests(state)
    kept = {t.input for t in state.tests if t.origin != "sample"}
    assert "3 4\n" in kept
    assert "3  4\n" not in kept and "300 4\n" not in kept
    assert not any(t.size == "large" for t in state.tests)  # all beyond 100
    assert any(t.origin == "generated" for t in state.tests)
    for text in kept:
        a, b = map(int, text.split())
        assert text == f"{a} {b}\n" and abs(a) <= 100 and abs(b) <= 100
    rejected = [e.what for e in state.events if "rejected by the input validators" in e.what]
    assert rejected and "edge: 2" in rejected[0] and "large: " in rejected[0]


def test_without_pyctd_the_validator_is_a_clear_issue(
    make_package, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sandbox.languages

    monkeypatch.setattr(sandbox.languages, "_ctd_package", lambda: None)
    problem = load_problem(make_package({"input_format_validators/sum.ctd": SUM_CTD}))
    issues, _ = validate_inputs(problem)
    assert [i.to_json() for i in issues] == [
        {
            "test": "-",
            "message": "input validator input_format_validators/sum.ctd does not "
            "build: checktestdata is not installed",
        }
    ]
