"""Interactive problems: the interactor and the submission cross-connected, each sandboxed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PROBLEMS, run_cli

GUESS = PROBLEMS / "guess-number"

# Tells the submission the input file's number, expects it doubled back; checks the answer
# file and the feedback folder it was given, as the package format says.
ECHO_INTERACTOR = """
import os, sys
inp, ans, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
assert feedback.endswith("/") and os.path.isdir(feedback), feedback
n = int(open(inp).read())
expected = int(open(ans).read())
print(n, flush=True)
line = sys.stdin.readline()
verdict = 42 if line.strip() == str(expected) else 43
with open(feedback + "judgemessage.txt", "w") as f:
    f.write(f"got {line.strip()!r}, wanted {expected}\\n")
sys.exit(verdict)
"""
DOUBLE = "n = int(input())\nprint(2 * n, flush=True)\n"


def _package(make_package, files: dict[str, str], legacy: bool = True) -> Path:
    yaml = (
        "validation: custom interactive\nlimits:\n  time_limit: 1\n  memory: 256\n"
        if legacy
        else "problem_format_version: 2023-07-draft\ntype: interactive\nname: Echo\n"
        "limits:\n  time_limit: 1\n  memory: 256\n"
    )
    where = "output_validators/echo/echo.py" if legacy else "output_validator/echo.py"
    base = {
        "problem.yaml": yaml,
        where: ECHO_INTERACTOR,
        "data/sample/1.in": "3\n",
        "data/sample/1.ans": "6\n",
        "data/secret/1.in": "20\n",
        "data/secret/1.ans": "40\n",
        "data/secret/2.in": "-4\n",
        "data/secret/2.ans": "-8\n",
        "submissions/accepted/sum.py": DOUBLE,
    }
    base.update(files)
    return make_package(base)


def _judge(root: Path, source: str, name: str = "sub.py") -> dict:
    path = root / name
    path.write_text(source)
    return run_cli("judge", root, path, "--json", "--all").json()


@pytest.mark.parametrize("legacy", [True, False])
def test_interactive_accepts_and_rejects(make_package, legacy: bool) -> None:
    root = _package(make_package, {}, legacy)
    ok = _judge(root, DOUBLE)
    assert ok["verdict"] == "AC", ok
    assert [t["verdict"] for t in ok["tests"]] == ["AC", "AC", "AC"]
    assert ok["tests"][1]["message"] == "got '40', wanted 40"
    wrong = _judge(root, "n = int(input())\nprint(2 * n if n > 0 else 0, flush=True)\n")
    assert [t["verdict"] for t in wrong["tests"]] == ["AC", "AC", "WA"]
    assert wrong["tests"][2]["message"] == "got '0', wanted -8"


def test_submission_verdicts(make_package) -> None:
    root = _package(make_package, {})
    crash = _judge(root, "n = int(input())\nraise SystemExit(3)\n")
    assert crash["verdict"] == "RTE" and "exit code 3" in crash["tests"][0]["message"]
    # Ends at once without answering: the interactor rejects after it is gone.
    silent = _judge(root, "pass\n")
    assert silent["verdict"] == "WA"
    busy = _judge(root, "while True: pass\n")
    assert busy["verdict"] == "TLE"
    # Both sides waiting on each other: the wall clock ends it, and it is the submission's TLE.
    stuck = _judge(root, "import sys\nsys.stdin.readline()\nsys.stdin.readline()\n")
    assert stuck["verdict"] == "TLE"
    hog = _judge(root, "x = bytearray(600 * 2**20)\n")
    assert hog["verdict"] == "MLE"


def test_interactor_failure_is_a_judge_error(make_package) -> None:
    root = _package(
        make_package,
        {"output_validators/echo/echo.py": "import sys\nprint(1, flush=True)\nsys.exit(7)\n"},
    )
    res = run_cli("judge", root, root / "submissions/accepted/sum.py", "--json")
    assert res.code == 3
    data = res.json()
    assert data["verdict"] == "JE"
    assert "interactor failed: exit code 7" in data["tests"][0]["message"]


def test_rejection_first_is_wrong_answer_even_if_the_submission_then_crashes(make_package) -> None:
    # The interactor rejects the first line at once; the submission then reads end-of-file
    # and crashes. problemtools blames whoever ended first: the interactor's WA stands.
    root = _package(
        make_package,
        {
            "output_validators/echo/echo.py": "import sys\nprint(1, flush=True)\n"
            "sys.stdin.readline()\n"
            "sys.exit(43)\n"
        },
    )
    res = _judge(
        root,
        "import sys\nprint('hello', flush=True)\nsys.stdin.readline()\nint(sys.stdin.readline())\n",
    )
    assert res["verdict"] == "WA", res


def test_only_the_submission_time_counts(make_package) -> None:
    slow_interactor = ECHO_INTERACTOR.replace(
        "print(n, flush=True)",
        "import time\nt = time.process_time()\n"
        "while time.process_time() - t < 1.5: pass\nprint(n, flush=True)",
    )
    root = _package(make_package, {"output_validators/echo/echo.py": slow_interactor})
    res = _judge(root, DOUBLE)
    assert res["verdict"] == "AC", res
    assert all(t["time_s"] < 0.5 for t in res["tests"])


def test_solve_refuses_interactive_statements(tmp_path: Path) -> None:
    # A package is solved with its interactor as the judge (tests/test_loop_interactive.py);
    # a statement file has no interactor.
    statement = tmp_path / "guess.md"
    statement.write_text(
        "# Guess\nThis is an interactive problem.\n\n## Interaction\n"
        "Ask questions.\n\n### Sample Input\n```\n10\n```\n"
        "### Sample Output\n```\nguess 5\n```\n"
    )
    res = run_cli("solve", statement, "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert res.code == 2
    assert res.stderr.count("\n") == 1 and "interactive" in res.stderr


@pytest.mark.slow
def test_shipped_interactive_problem_verifies() -> None:
    res = run_cli("verify", GUESS, "--json")
    data = res.json()
    assert res.code == 0, data
    assert data["interactive"] is True and data["format_version"] == "2023-07-draft"
    verdicts = {s["path"].split("/", 1)[1]: s["verdict"] for s in data["submissions"]}
    assert verdicts == {
        "accepted/binary_search.cpp": "AC",
        "accepted/binary_search.py": "AC",
        "wrong_answer/linear_scan.py": "WA",
        "wrong_answer/never_guesses_n.py": "WA",
        "time_limit_exceeded/waits_for_a_hint.py": "TLE",
        "run_time_error/crash_on_lower.py": "RTE",
    }
