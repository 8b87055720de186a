"""Problem package loading: both formats, nested groups, and one-line errors for broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.judge import derive_time_limit, round_up
from sandbox.limits import Limits
from sandbox.package import OUTPUT_MAX_MIB, PackageError, load_problem
from tests.conftest import PROBLEMS, run_cli

ALIAS_BOMB = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def test_legacy_package(make_package) -> None:
    pkg = load_problem(
        make_package({"problem.yaml": "name: Sum\nvalidator_flags: float_tolerance 1e-6\n"})
    )
    assert pkg.name == "Sum"
    assert pkg.format_version == "legacy"
    assert pkg.time.time_limit is None
    assert (pkg.time.ac_to_time_limit, pkg.time.time_limit_to_tle) == (5.0, 2.0)
    assert [t.name for t in pkg.tests()] == ["sample/1", "secret/1", "secret/2"]
    assert pkg.tests("secret")[0].validator_args == ("float_tolerance", "1e-6")


def test_output_limit_is_the_packages_up_to_the_judges_cap(make_package) -> None:
    # The judge holds a run's output in memory: a package may not make that unbounded.
    yaml = "name: Sum\nlimits:\n  output: {}\n"
    assert load_problem(make_package({"problem.yaml": yaml.format(16)})).output_mib == 16
    huge = make_package({"problem.yaml": yaml.format(10**6)}, name="huge")
    assert load_problem(huge).output_mib == OUTPUT_MAX_MIB == 1024


def test_2023_package_with_nested_groups_and_testdata_yaml(make_package) -> None:
    pkg = load_problem(
        make_package(
            {
                "problem.yaml": "problem_format_version: 2023-07-draft\nname:\n  en: Summing\n"
                "limits:\n  time_multipliers:\n    ac_to_time_limit: 3\n",
                "data/secret/1.in": None,
                "data/secret/1.ans": None,
                "data/secret/2.in": None,
                "data/secret/2.ans": None,
                "data/secret/small/2.in": "1 1\n",
                "data/secret/small/2.ans": "2\n",
                "data/secret/small/10.in": "5 5\n",
                "data/secret/small/10.ans": "10\n",
                "data/secret/large/1.in": "100 1\n",
                "data/secret/large/1.ans": "101\n",
                "data/testdata.yaml": "output_validator_args: float_tolerance 0.5\n",
                "data/secret/large/testdata.yaml": "output_validator_args: [case_sensitive]\n",
            }
        )
    )
    assert pkg.name == "Summing"
    assert (pkg.time.ac_to_time_limit, pkg.time.time_limit_to_tle) == (3.0, 1.5)
    names = [t.name for t in pkg.tests()]
    # problemtools' order: each folder's entries by name, so 10 before 2.
    assert names == ["sample/1", "secret/large/1", "secret/small/10", "secret/small/2"]
    args = {t.name: t.validator_args for t in pkg.tests()}
    assert args["secret/small/2"] == ("float_tolerance", "0.5")
    assert args["secret/large/1"] == ("case_sensitive",)


def test_judging_order_is_problemtools(make_package) -> None:
    pkg = load_problem(
        make_package(
            {
                "data/secret/2.in": "1 1\n",
                "data/secret/2.ans": "2\n",
                "data/secret/10.in": "1 1\n",
                "data/secret/10.ans": "2\n",
                "data/secret/g/1.in": "1 1\n",
                "data/secret/g/1.ans": "2\n",
                "data/secret/g-2.in": "1 1\n",
                "data/secret/g-2.ans": "2\n",
                "data/secret/A.in": "1 1\n",
                "data/secret/A.ans": "2\n",
            }
        )
    )
    assert [t.name for t in pkg.tests("secret")] == [
        "secret/1",
        "secret/10",
        "secret/2",
        "secret/A",
        "secret/g/1",
        "secret/g-2",
    ]


def test_tex_statement_gives_the_name(make_package) -> None:
    root = make_package(
        {
            "problem.yaml": "limits:\n  time_limit: 1\n",
            "problem_statement/problem.en.md": None,
            "problem_statement/problem.en.tex": "\\problemname{Adding Up}\nAdd two numbers.\n",
        }
    )
    pkg = load_problem(root)
    assert pkg.name == "Adding Up"
    assert pkg.statement is not None and pkg.statement.suffix == ".tex"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"problem.yaml": "name: [unclosed\n"}, "sum: problem.yaml:2: "),
        (
            {"problem.yaml": "limits:\n  time_limit: fast\n"},
            "sum: problem.yaml: `limits.time_limit` must be a positive number, got 'fast'",
        ),
        (
            {"problem.yaml": "limits:\n  memory: -1\n"},
            "sum: problem.yaml: `limits.memory` must be a positive integer, got -1",
        ),
        ({"problem.yaml": "- a\n- b\n"}, "sum: problem.yaml: expected a mapping of keys, got list"),
        ({"data/secret/2.ans": None}, "sum: data/secret/2.in: has no matching .ans file"),
        ({"data/secret/3.ans": "1\n"}, "sum: data/secret/3.ans: has no matching .in file"),
        (
            {"problem.yaml": "validation: custom\n"},
            "sum: problem.yaml: `validation: custom` but there is no output_validators/",
        ),
        (
            {"problem.yaml": "validator_flags: float_tolerance\n"},
            "sum: problem.yaml: `validator_flags`: float_tolerance needs a non-negative number",
        ),
        (
            {"problem.yaml": "validation: custom interactive\n"},
            "sum: problem.yaml: an interactive problem needs its interactor in output_validators/",
        ),
        (
            {"problem.yaml": "validation: custom multi-pass\n"},
            "sum: problem.yaml: multi-pass problems are not supported",
        ),
        (
            {
                "problem.yaml": "problem_format_version: 2023-07-draft\n"
                "type: [pass-fail, multi-pass]\n"
                "name: Sum\n"
            },
            "sum: problem.yaml: multi-pass problems are not",
        ),
        (
            {"problem.yaml": "problem_format_version: 2023-07-draft\ntype: telepathic\n"},
            "sum: problem.yaml: unknown problem type 'telepathic'",
        ),
        (
            {"problem.yaml": "problem_format_version: 2024-01\nname: Sum\n"},
            "sum: problem.yaml: unknown problem_format_version '2024-01' (known: legacy, ",
        ),
        (
            {"problem.yaml": "problem_format_version: draft\nname: Sum\n"},
            "sum: problem.yaml: unknown problem_format_version 'draft'",
        ),
        (
            {".solver.yaml": "python: jython\n"},
            "sum: .solver.yaml: `python` must be one of cpython, pypy3, got 'jython'",
        ),
        (
            {
                "data/sample/1.in": None,
                "data/sample/1.ans": None,
                "data/secret/1.in": None,
                "data/secret/1.ans": None,
                "data/secret/2.in": None,
                "data/secret/2.ans": None,
            },
            "sum: data/: no test cases",
        ),
        (
            {"data/testdata.yaml": "output_validator_args: bogus_flag\n"},
            "sum: data/testdata.yaml: unknown output validator flag 'bogus_flag'",
        ),
        # Hostile YAML: 9^10 values in 1 KB of aliases (its error message alone would never
        # end), a value containing itself, and nesting deeper than the parser recurses.
        (
            {"problem.yaml": ALIAS_BOMB + "limits:\n  memory: *a9\n"},
            "sum: problem.yaml: more than 100000 values once its aliases are expanded",
        ),
        (
            {"data/testdata.yaml": "a: &a [1, *a]\n"},
            "sum: testdata.yaml: a value that contains itself (a recursive alias)",
        ),
        (
            {"problem.yaml": "name: " + "[" * 5000 + "]" * 5000 + "\n"},
            "sum: problem.yaml: nested too deeply",
        ),
        # A test name that would write a terminal escape and a line break into reports.
        (
            {"data/secret/3\x1b[2J\n.in": "1 1\n", "data/secret/3\x1b[2J\n.ans": "2\n"},
            "a file name with control characters (or bytes that are not UTF-8); rename it",
        ),
    ],
)
def test_broken_package_is_one_line_error_exit_2(make_package, files, message) -> None:
    root = make_package(files)
    with pytest.raises(PackageError) as caught:
        load_problem(root)
    assert message in str(caught.value)
    res = run_cli("judge", root, root / "submissions/accepted/sum.py")
    assert res.code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert message in lines[0]
    assert "Traceback" not in res.stderr


def test_missing_package_and_missing_solution(tmp_path: Path) -> None:
    res = run_cli("judge", tmp_path / "nope", tmp_path / "x.py")
    assert res.code == 2
    assert "no such solution file" in res.stderr
    (tmp_path / "x.py").write_text("print(1)\n")
    res = run_cli("judge", tmp_path / "nope", tmp_path / "x.py")
    assert res.code == 2
    assert res.stderr.strip().endswith("nope: no such problem package")
    res = run_cli("verify", tmp_path)
    assert res.code == 2
    assert "is this a problem package?" in res.stderr


def test_time_limit_rounding() -> None:
    assert round_up(0.3, 1.0) == 1.0
    assert round_up(1.0, 1.0) == 1.0
    assert round_up(1.01, 1.0) == 2.0
    assert round_up(0.26, 0.1) == 0.3
    assert round_up(0.0, 0.5) == 0.5  # never zero
    pkg = load_problem(PROBLEMS / "longest-climb")  # 2023-07: ac_to_time_limit 2
    assert derive_time_limit(pkg, 0.6) == 2.0
    assert derive_time_limit(pkg, 0.4) == 1.0


def test_submissions_yaml_overrides_folder(make_package) -> None:
    root = make_package(
        {
            "submissions/other/slow_or_wrong.py": "print(0)\n",
            "submissions/submissions.yaml": "other/slow_or_wrong.py:\n  permitted: [AC, WA, TLE]\n"
            "  required: [WA, TLE]\n",
        }
    )
    subs = {s.path.name: s for s in load_problem(root).submissions()}
    assert subs["slow_or_wrong.py"].required == {"WA", "TLE"}
    assert subs["sum.py"].required == {"AC"}
    res = run_cli("verify", root, "--json")
    assert res.code == 0, res.stdout


@pytest.mark.parametrize(
    ("version", "legacy"),
    [
        (None, True),
        ("legacy", True),
        ("legacy-icpc", True),
        ("2023-07-draft", False),
        ("2023-07", False),
        ("2025-09", False),
    ],
)
def test_every_known_format_version(make_package, version: str | None, legacy: bool) -> None:
    line = f"problem_format_version: {version}\n" if version else ""
    root = make_package(
        {
            "problem.yaml": f"{line}name: Sum\n",
            "output_validator/check.py": "import sys\nsys.exit(42)\n",
        }
    )
    pkg = load_problem(root)
    assert pkg.format_version == (version or "legacy")
    assert pkg.legacy is legacy
    # The validator's presence makes validation custom only in 2023-07 and later.
    assert pkg.validation == ("default" if legacy else "custom")
    assert (pkg.time.ac_to_time_limit, pkg.time.time_limit_to_tle) == (
        (5.0, 2.0) if legacy else (2.0, 1.5)
    )


def test_interactive_in_both_formats(make_package) -> None:
    interactor = "import sys\nsys.exit(42)\n"
    legacy = load_problem(
        make_package(
            {
                "problem.yaml": "validation: custom interactive\n",
                "output_validators/i/interact.py": interactor,
            },
            name="a",
        )
    )
    assert legacy.interactive and legacy.output_validator is not None
    modern = load_problem(
        make_package(
            {
                "problem.yaml": "problem_format_version: 2023-07-draft\n"
                "type: interactive\nname: S\n",
                "output_validator/interact.py": interactor,
            },
            name="b",
        )
    )
    assert modern.interactive and modern.validation == "custom"
    listed = load_problem(
        make_package(
            {
                "problem.yaml": "problem_format_version: 2023-07\ntype: [pass-fail, interactive]\n",
                "output_validator/interact.py": interactor,
            },
            name="c",
        )
    )
    assert listed.interactive
    plain = load_problem(
        make_package(
            {"output_validators/i/check.py": interactor, "problem.yaml": "validation: custom\n"},
            name="d",
        )
    )
    assert not plain.interactive


def test_legacy_input_format_validators_are_found(make_package) -> None:
    root = make_package(
        {
            "input_format_validators/validate.py": "import sys\nsys.exit(42)\n",
            "input_format_validators/cpp/validator.cpp": '#include "validate.h"\nint main(){}\n',
            "input_format_validators/cpp/validate.h": "#pragma once\n",
            "input_format_validators/format.ctd": "INT(1,10) NEWLINE\n",
            "data/secret/testdata.yaml": "input_validator_flags: max 10\n",
            "data/secret/big/testdata.yaml": "input_validator_flags:\n  validate: max 100\n",
            "data/secret/big/1.in": "50 50\n",
            "data/secret/big/1.ans": "100\n",
        }
    )
    pkg = load_problem(root)
    assert [p.name for p in pkg.input_validators] == ["cpp", "format.ctd", "validate.py"]
    assert pkg.unsupported_validators == ()
    tests = {t.name: t for t in pkg.tests()}
    py, cpp = pkg.input_validators[2], pkg.input_validators[0]
    assert tests["sample/1"].input_args(py) == ()
    assert tests["secret/1"].input_args(py) == ("max", "10")
    assert tests["secret/big/1"].input_args(py) == ("max", "100")
    assert tests["secret/big/1"].input_args(cpp) == ()


def test_loop_filters_with_legacy_input_format_validators(make_package) -> None:
    """The loop's input filter is built from Problem.input_validators: the legacy folder's
    validators reach it with no change to the loop."""
    from solver.task import load_task

    root = make_package(
        {
            "input_format_validators/validate.py": "import sys\n"
            "sys.exit(42 if sys.stdin.read().strip() == '1 2' "
            "else 43)\n"
        }
    )
    task = load_task(root)
    assert len(task.input_validators) == 1
    program = task.input_validators[0]
    sample = root / "data/sample/1.in"
    assert program.run(Limits(), stdin=sample).exit_code == 42
    assert program.run(Limits(), stdin=root / "data/secret/1.in").exit_code == 43


def test_2025_09_test_group_yaml(make_package) -> None:
    pkg = load_problem(
        make_package(
            {
                "problem.yaml": "problem_format_version: 2025-09\nname: Sum\n",
                "data/secret/test_group.yaml": "output_validator_args: [float_tolerance, '0.5']\n",
            }
        )
    )
    assert pkg.tests("secret")[0].validator_args == ("float_tolerance", "0.5")
