"""Parity with LiveCodeBench's grading (and CodeContests'), as docs/batch.md states the rules.

Every difference issue 18 found between this judge and LiveCodeBench's
`lcb_runner/evaluation/testing_util.py` has a row here: our own rows and programs, the verdict
LiveCodeBench's published rules give (`LCB`), and, where this judge departs from them on
purpose (`quit()`, `sys.stdin.buffer`), the verdict it gives instead and why. The packages are
written by the dataset loader, exactly as `solver batch --dataset` writes them, and judged by
the real sandbox; the Kattis verdicts of the same programs on the same tests show that each row
is a real difference (the package without its `grading` key).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.grading import (
    CODECONTESTS,
    LIVECODEBENCH,
    compare_codecontests,
    compare_lines,
    compare_values,
    surround,
)
from sandbox.judge import judge
from sandbox.package import load_problem
from sandbox.verdict import Verdict
from solver import datasets
from solver.solve import final_judgement
from solver.task import load_task
from tests.test_datasets import cases_json, compress, lcb_functional_row, lcb_stdin_row

AC, WA, RTE = Verdict.AC, Verdict.WA, Verdict.RTE

# ---- the comparisons, on their own -----------------------------------------------------------


@pytest.mark.parametrize(
    "output,answer,verdict",
    [
        # Case counts: Yes/No problems are everywhere in these datasets.
        ("YES\n", "Yes\n", WA),
        ("Yes\n", "Yes\n", AC),
        # Lines: the same number of stripped lines, each equal.
        ("1 2\n", "1\n2\n", WA),  # the right tokens on the wrong lines
        ("1\n\n2\n", "1\n2\n", WA),  # a blank line inside
        ("\n\n  1  \n2   \n\n", "1\n2\n", AC),  # blank lines around, spaces around lines
        ("1\r\n2\r\n", "1\n2\n", AC),  # CR is stripped with the line
        ("a  b\n", "a b\n", WA),  # double space between words: the text differs
        ("1  2\n", "1 2\n", AC),  # ... between numbers: equal as decimals
        # Numbers: decimal values, no tolerance.
        ("2.5\n", "2.5000000000\n", AC),
        ("2.500000\n", "2.5000000000\n", AC),
        ("2.5000000001\n", "2.5000000000\n", WA),
        ("1e3\n", "1000\n", AC),  # Decimal reads both
        ("007\n", "7\n", AC),
        ("50000000000000001\n", "50000000000000000\n", WA),  # exact, unlike floats
        ("2.5 x\n", "2.50 x\n", WA),  # a word on the line: the line is compared as text
        ("NaN\n", "NaN\n", AC),  # equal as text before any number is read
        ("nan\n", "NaN\n", WA),  # NaN is never equal to NaN as a number
    ],
)
def test_livecodebench_line_comparison(output: str, answer: str, verdict: Verdict) -> None:
    assert compare_lines(output.encode(), answer.encode()).verdict is verdict


@pytest.mark.parametrize(
    "output,answer,verdict",
    [
        ("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]", AC),
        ("[(1, 2), (3, 4)]", "[[1, 2], [3, 4]]", WA),  # only a top-level tuple becomes a list
        ("1", "true", AC),  # 1 == True
        ("0", "false", AC),
        ("2", "true", WA),
        ("2.0", "2", AC),  # 2.0 == 2
        ("'a'", '"a"', AC),
        ("{'k': [1]}", '{"k": [1]}', AC),
        ("None", "null", AC),
        ("nan", "1.5", WA),  # what the harness prints for a NaN: never equal
        ("1e999", "Infinity", AC),  # the harness's infinity is JSON's
    ],
)
def test_livecodebench_value_comparison(output: str, answer: str, verdict: Verdict) -> None:
    assert compare_values(output.encode(), answer.encode()).verdict is verdict


@pytest.mark.parametrize(
    "output,answer,verdict",
    [
        ("YES\n", "yes\n", AC),  # lower-cased tokens
        ("1 2\n", "1\n2\n", AC),  # any whitespace between tokens
        ("1.000001\n", "1\n", AC),  # numbers within 1e-5
        ("1.0001\n", "1\n", WA),
        ("1\x0c2\n", "1 2\n", WA),  # form feed is not one of its separators
        ("1 2 3\n", "1 2\n", WA),
    ],
)
def test_codecontests_comparison(output: str, answer: str, verdict: Verdict) -> None:
    assert compare_codecontests(output.encode(), answer.encode()).verdict is verdict


# ---- programs judged on packages the dataset loader wrote ------------------------------------

READ = "a = int(input())\nb = int(input())\n"
MEAN = 'print("%.10f" % ((a + b) / 2))\n'
RIGHT = READ + 'print("Yes")\n' + MEAN
STDIN_PROGRAMS: dict[str, tuple[str, Verdict, Verdict]] = {
    # name: (program, verdict under LiveCodeBench's rules, verdict under Kattis' rules)
    "right": (RIGHT, AC, AC),
    "decimal": (READ + 'print("Yes")\nprint((a + b) / 2)\n', AC, WA),  # 2.5 for 2.5000000000
    "case": (READ + 'print("YES")\n' + MEAN, WA, AC),
    "one line": (READ + 'print("Yes", end=" ")\n' + MEAN, WA, AC),
    "blank line": (READ + 'print("Yes\\n")\n' + MEAN, WA, AC),
    "fsum": (READ + 'print("Yes")\nprint(fsum([a / 2, b / 2]))\n', AC, RTE),
    "mean": (READ + 'print("Yes")\nprint(mean([a, b]))\n', AC, RTE),
    "recursion 30000": (
        "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n"
        "assert depth(30000) == 30000\n" + RIGHT,
        AC,
        RTE,
    ),
    "exit 1 after the answer": (RIGHT + "import sys\nsys.exit(1)\n", AC, RTE),
    "crash after the answer": (RIGHT + "1 / 0\n", RTE, RTE),
    # Departures, on purpose (docs/batch.md): LiveCodeBench's harness gives RE for the first
    # (quit = None there) and WA for the second (its stand-in repeats the first line).
    "quit() after the answer": (RIGHT + "quit()\n", AC, AC),
    "stdin.buffer lines": (
        "import sys\na = int(sys.stdin.buffer.readline())\nb = int(sys.stdin.buffer.readline())\n"
        'print("Yes")\n' + MEAN,
        AC,
        AC,
    ),
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Our own LiveCodeBench rows, written as packages by the loader; each also copied without
    its grading key (graded as a Kattis package)."""
    tmp = tmp_path_factory.mktemp("parity")
    rows = [
        lcb_stdin_row(
            question_id="mid",
            public_test_cases=cases_json(("2\n3\n", "Yes\n2.5000000000\n")),
            private_test_cases=compress(cases_json(("1\n2\n", "Yes\n1.5000000000\n"))),
        ),
        lcb_functional_row(
            question_id="pairs",
            public_test_cases=cases_json(("2", "[[0, 1], [1, 2]]"), kind="functional"),
            private_test_cases=compress(cases_json(("1", "[[0, 1]]"), kind="functional")),
            metadata=json.dumps({"func_name": "pairs"}),
            starter_code="class Solution:\n    def pairs(self, n: int) -> List[List[int]]:\n",
        ),
        lcb_functional_row(
            question_id="even",
            public_test_cases=cases_json(("4", "true"), kind="functional"),
            private_test_cases=compress(cases_json(("3", "false"), kind="functional")),
            metadata=json.dumps({"func_name": "isEven"}),
            starter_code="class Solution:\n    def isEven(self, n: int) -> bool:\n",
        ),
    ]
    data = tmp / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    found: dict[str, Path] = {}
    for path in datasets.export(f"livecodebench:{data}", tmp / "lcb", None, None):
        name = path.name.rsplit("-", 1)[-1]
        found[name] = path
        kattis = tmp / "kattis" / path.name
        shutil.copytree(path, kattis)
        (kattis / ".solver.yaml").unlink()
        found[f"{name}/kattis"] = kattis
    return found


def _judge(package: Path, program: str, tmp_path: Path, name: str = "sol.py") -> Verdict:
    source = tmp_path / name
    source.write_text(program)
    return judge(load_problem(package), source).verdict


@pytest.mark.parametrize("name", list(STDIN_PROGRAMS))
def test_stdin_programs_as_livecodebench_grades_them(
    name: str, packages: dict[str, Path], tmp_path: Path
) -> None:
    program, lcb, kattis = STDIN_PROGRAMS[name]
    assert load_problem(packages["mid"]).grading == LIVECODEBENCH
    assert _judge(packages["mid"], program, tmp_path) is lcb
    assert _judge(packages["mid/kattis"], program, tmp_path) is kattis


FUNCTIONAL_PROGRAMS = [
    # (package, return expression, LiveCodeBench's verdict, Kattis' verdict)
    ("pairs", "[[i, i + 1] for i in range(n)]", AC, AC),
    ("pairs", "[(i, i + 1) for i in range(n)]", WA, AC),  # tuples inside the list
    ("pairs", "tuple([i, i + 1] for i in range(n))", AC, AC),  # a top-level tuple is a list
    ("even", "n % 2 == 0", AC, AC),
    ("even", "int(n % 2 == 0)", AC, WA),  # 1 == True
    ("even", "'true' if n % 2 == 0 else 'false'", WA, WA),
]


@pytest.mark.parametrize("package,expression,lcb,kattis", FUNCTIONAL_PROGRAMS)
def test_functional_values_as_livecodebench_compares_them(
    package: str,
    expression: str,
    lcb: Verdict,
    kattis: Verdict,
    packages: dict[str, Path],
    tmp_path: Path,
) -> None:
    method = "pairs" if package == "pairs" else "isEven"
    program = f"class Solution:\n    def {method}(self, n):\n        return {expression}\n"
    assert _judge(packages[package], program, tmp_path) is lcb
    assert _judge(packages[f"{package}/kattis"], program, tmp_path) is kattis


def test_functional_prelude_is_livecodebenchs(packages: dict[str, Path], tmp_path: Path) -> None:
    """LiveCodeBench puts its own prelude before a class Solution too (`comb` from math,
    `Counter`...), with no import written."""
    program = (
        "class Solution:\n    def isEven(self, n):\n"
        "        return comb(n, 1) % 2 == 0 and Counter([n])[n] == 1\n"
    )
    assert _judge(packages["even"], program, tmp_path) is AC


def test_traceback_line_numbers_are_the_programs_plus_one(tmp_path: Path) -> None:
    """The prelude is one line: a runtime error on the program's line 3 is reported on 4, and
    the exit status of an uncaught exception stays 1 while `sys.exit(3)`'s becomes 0."""
    boom = tmp_path / "boom.py"
    boom.write_text(surround("x = 1\n\nraise ValueError('here')\n"))
    run = subprocess.run([sys.executable, boom], capture_output=True, text=True)
    assert run.returncode == 1 and 'boom.py", line 4, in <module>' in run.stderr
    leave = tmp_path / "leave.py"
    leave.write_text(surround("print('answer')\nsys.exit(3)\n"))
    run = subprocess.run([sys.executable, leave], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "answer\n")


def test_final_judgement_counts_public_and_private_tests(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    """Right on the private test, wrong on the public one: not solved, as in LiveCodeBench
    (the batch judged the private tests only, and counted it solved)."""
    source = tmp_path / "private_only.py"
    source.write_text(READ + 'print("Yes")\nprint(1.5)\n')
    task = load_task(packages["mid"])
    verdict = final_judgement(task, source, jobs=1, tests="all")  # what batch asks for
    assert verdict["verdict"] == "WA" and verdict["first_failure"] == "sample/001"
    assert verdict["tests_counted"] == "sample+secret" and verdict["tests"] == 1
    secret_only = final_judgement(task, source, jobs=1)  # what batch counted before
    assert (secret_only["verdict"], secret_only["tests_counted"]) == ("AC", "secret")


def test_codecontests_packages_use_codecontests_rules(tmp_path: Path) -> None:
    from tests.test_datasets import cc_row

    data = tmp_path / "cc.jsonl"
    row = cc_row(
        public_tests={"input": ["1\n"], "output": ["YES\n0.5\n"]},
        private_tests={"input": ["3\n"], "output": ["NO\n1.5\n"]},
        generated_tests={},
    )
    data.write_text(json.dumps(row) + "\n")
    [package] = datasets.export(f"codecontests:{data}", tmp_path / "p", None, None)
    assert load_problem(package).grading == CODECONTESTS
    program = 'n = int(input())\nprint("yes" if n < 2 else "no", n / 2 + 0.000001)\n'
    assert _judge(package, program, tmp_path) is AC
    assert _judge(package, 'n = int(input())\nprint("yes", n / 2 + 0.001)\n', tmp_path) is WA


def test_the_loop_compares_and_runs_as_the_final_judge(packages: dict[str, Path]) -> None:
    """The loop's samples, stress and final judge share the task's checker, and its
    candidates and brute forces run with the same surroundings; an input validator does not
    (its exit status is its verdict)."""
    from solver.functional import runnable

    task = load_task(packages["mid"])
    sample = task.package.tests("sample")[0] if task.package else None
    assert sample is not None
    check = task.checker.check(sample.input, sample.answer, b"YES\n2.5\n")
    assert check.verdict is WA and check.message == "line 1: expected 'Yes', got 'YES'"
    assert task.checker.check(sample.input, sample.answer, b"Yes\n2.5\n").verdict is AC
    assert runnable(task, "print(1)\n") == surround("print(1)\n")
    assert runnable(task, "print(1)\n", graded=False) == "print(1)\n"
    kattis = load_task(packages["mid/kattis"])
    assert runnable(kattis, "print(1)\n") == "print(1)\n"
    functional = load_task(packages["pairs"])
    wrapped = runnable(functional, "class Solution:\n    def pairs(self, n):\n        return []\n")
    assert "sys.setrecursionlimit(50000)" in wrapped and "_literal" in wrapped
