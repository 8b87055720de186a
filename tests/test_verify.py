"""`solver verify` on every shipped problem, and on a package that breaks a promise."""

from __future__ import annotations

import pytest

from tests.conftest import PROBLEMS, run_cli

SHIPPED = sorted(p.name for p in PROBLEMS.iterdir() if (p / "problem.yaml").exists())


def test_at_least_six_problems_are_shipped() -> None:
    assert len(SHIPPED) >= 6


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_problem_verifies(name: str) -> None:
    res = run_cli("verify", PROBLEMS / name, "--json", "-j", "2")
    data = res.json()
    bad = [s for s in data["submissions"] if not s["ok"]]
    assert res.code == 0, bad or data["input_validation"]
    assert data["ok"] is True
    folders = {s["expected"] for s in data["submissions"]}
    assert {"accepted", "wrong_answer", "time_limit_exceeded"} <= folders
    for sub in data["submissions"]:
        assert {"path", "expected", "verdict", "max_time_s", "ok"} <= sub.keys()
        want = {"accepted": "AC", "wrong_answer": "WA", "time_limit_exceeded": "TLE",
                "run_time_error": "RTE"}[sub["expected"]]
        assert sub["verdict"] == want, sub


def test_broken_promise_fails_verify(make_package) -> None:
    root = make_package({"submissions/wrong_answer/actually_right.py":
                         "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n",
                         "submissions/accepted/crashes.py": "raise SystemExit(1)\n",
                         "submissions/accepted/notes.rs": "fn main() {}\n"})
    res = run_cli("verify", root, "--json")
    assert res.code == 1
    subs = {s["path"]: s for s in res.json()["submissions"]}
    assert subs["submissions/wrong_answer/actually_right.py"]["ok"] is False
    assert subs["submissions/wrong_answer/actually_right.py"]["verdict"] == "AC"
    assert subs["submissions/accepted/crashes.py"]["verdict"] == "RTE"
    assert subs["submissions/accepted/crashes.py"]["ok"] is False
    rust = subs["submissions/accepted/notes.rs"]
    assert rust["skipped"] is True and rust["ok"] is True
    plain = run_cli("verify", root)
    assert "FAILED" in plain.stdout
    assert "actually_right.py" in plain.stdout


def test_invalid_input_fails_verify(make_package) -> None:
    validator = ("import sys, re\n"
                 "ok = re.fullmatch(r'-?\\d+ -?\\d+\\n', sys.stdin.read())\n"
                 "sys.exit(42 if ok and all(abs(int(x)) <= 10 for x in ok.group().split())"
                 " else 43)\n")
    root = make_package({"input_validators/v/validate.py": validator})
    res = run_cli("verify", root, "--json")
    assert res.code == 1
    issues = res.json()["input_validation"]
    assert [i["test"] for i in issues] == ["secret/1"]


def test_derived_time_limit(make_package) -> None:
    root = make_package({"problem.yaml": "problem_format_version: 2023-07-draft\nname: Sum\n"})
    data = run_cli("verify", root, "--json").json()
    assert data["time_limit_source"] == "derived"
    assert data["time_limit_s"] == 1.0
    judged = run_cli("judge", root, root / "submissions/accepted/sum.py", "--json").json()
    assert judged["time_limit_s"] == 1.0
    assert judged["time_limit_source"] == "derived"
