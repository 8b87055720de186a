"""`solver verify` on every shipped problem, and on a package that breaks a promise."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox import testrun
from sandbox.judge import JudgeResult
from sandbox.verdict import Verdict
from sandbox.verify import limit_matters
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
        want = {
            "accepted": "AC",
            "wrong_answer": "WA",
            "time_limit_exceeded": "TLE",
            "run_time_error": "RTE",
        }[sub["expected"]]
        assert sub["verdict"] == want, sub


def test_broken_promise_fails_verify(make_package) -> None:
    root = make_package(
        {
            "submissions/wrong_answer/actually_right.py": "import sys\n"
            "print(sum(map(int, sys.stdin.read().split())))\n",
            "submissions/accepted/crashes.py": "raise SystemExit(1)\n",
            "submissions/accepted/notes.rs": "fn main() {}\n",
        }
    )
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
    validator = (
        "import sys, re\n"
        "ok = re.fullmatch(r'-?\\d+ -?\\d+\\n', sys.stdin.read())\n"
        "sys.exit(42 if ok and all(abs(int(x)) <= 10 for x in ok.group().split())"
        " else 43)\n"
    )
    root = make_package({"input_validators/v/validate.py": validator})
    res = run_cli("verify", root, "--json")
    assert res.code == 1
    issues = res.json()["input_validation"]
    assert [i["test"] for i in issues] == ["secret/1"]
    # The parts, as problemtools' --parts: each checks only its own.
    broken = {"submissions/accepted/crashes.py": "raise SystemExit(1)\n"}
    root = make_package({"input_validators/v/validate.py": validator, **broken}, name="parts")
    data_only = run_cli("verify", root, "-p", "data", "--json")
    assert data_only.code == 1
    assert data_only.json()["parts"] == ["data"] and data_only.json()["submissions"] == []
    assert [i["test"] for i in data_only.json()["input_validation"]] == ["secret/1"]
    judged = run_cli("verify", root, "--parts", "submissions", "--json")
    assert judged.code == 1 and judged.json()["input_validation"] == []
    assert {s["path"]: s["ok"] for s in judged.json()["submissions"]} == {
        "submissions/accepted/crashes.py": False,
        "submissions/accepted/sum.py": True,
    }
    both = run_cli("verify", root, "-p", "data,submissions", "--json").json()
    assert both["parts"] == ["data", "submissions"] and both["input_validation"]
    bad = run_cli("verify", root, "-p", "statement")
    assert bad.code == 2 and "unknown part 'statement'" in bad.stderr


def test_derived_time_limit(make_package) -> None:
    root = make_package({"problem.yaml": "problem_format_version: 2023-07-draft\nname: Sum\n"})
    data = run_cli("verify", root, "--json").json()
    assert data["time_limit_source"] == "derived"
    assert data["time_limit_s"] == 1.0
    judged = run_cli("judge", root, root / "submissions/accepted/sum.py", "--json").json()
    assert judged["time_limit_s"] == 1.0
    assert judged["time_limit_source"] == "derived"


LEGACY_VALIDATOR = (
    "import sys, re\n"
    "m = re.fullmatch(r'(-?\\d+) (-?\\d+)\\n', sys.stdin.read())\n"
    "bound = int(sys.argv[sys.argv.index('max') + 1]) if 'max' in sys.argv "
    "else 100\n"
    "sys.exit(42 if m and all(abs(int(x)) <= bound for x in m.groups()) "
    "else 43)\n"
)
VALIDATE_H_STYLE = {
    "input_format_validators/cpp/validate.h": "#include <cstdio>\n#include <cstdlib>\n"
    "inline void accept() { std::exit(42); }\n"
    'inline void reject(const char* why) { std::fprintf(stderr, "%s\\n", why); '
    "std::exit(43); }\n",
    "input_format_validators/cpp/validator.cpp": '#include "validate.h"\n'
    "int main() { long a, b; char nl;\n"
    '  if (std::scanf("%ld %ld%c", &a, &b, &nl) != 3 || nl != \'\\n\') reject("format");\n'
    '  if (std::getchar() != EOF) reject("trailing data");\n'
    "  accept(); }\n",
}


def test_legacy_input_format_validators_report_a_corrupted_input(make_package) -> None:
    root = make_package(
        {
            "input_format_validators/validate.py": LEGACY_VALIDATOR,
            **VALIDATE_H_STYLE,
            "data/secret/3.in": "1 2 3\n",
            "data/secret/3.ans": "6\n",
            "data/secret/4.in": "500 1\n",
            "data/secret/4.ans": "501\n",
        }
    )
    res = run_cli("verify", root, "--json")
    assert res.code == 1
    issues = res.json()["input_validation"]
    assert sorted((i["test"], i["message"].split()[0]) for i in issues) == [
        ("secret/3", "input_format_validators/cpp"),
        ("secret/3", "input_format_validators/validate.py"),
        ("secret/4", "input_format_validators/validate.py"),
    ]
    assert any("format" in i["message"] for i in issues if "cpp" in i["message"])
    plain = run_cli("verify", root)
    assert "invalid input" in plain.stdout and "secret/3" in plain.stdout


def test_input_validator_flags_reach_the_validator(make_package) -> None:
    root = make_package(
        {
            "input_format_validators/validate.py": LEGACY_VALIDATOR,
            "data/secret/testdata.yaml": "input_validator_flags: max 15\n",
        }
    )
    data = run_cli("verify", root, "--json").json()
    # secret/1 is "10 20": fine by the default bound of 100, not by the flag's 15.
    assert [i["test"] for i in data["input_validation"]] == ["secret/1"]


def test_viva_validator_is_noted_not_ignored(make_package) -> None:
    root = make_package({"input_format_validators/format.viva": "* n, m;\n"})
    data = run_cli("verify", root, "--json").json()
    assert data["ok"] is True
    assert data["notes"] == [
        "input validator input_format_validators/format.viva not run: "
        "VIVA validators need the VIVA runtime, which this judge does "
        "not have"
    ]


def test_memory_limit_counts_as_run_time_error(make_package) -> None:
    hog = (
        "#include <vector>\n#include <cstdio>\nint main() { std::vector<char*> v;\n"
        "  for (;;) { char* p = new char[1 << 24]; for (int i = 0; i < (1 << 24); i += 4096)"
        " p[i] = 1; v.push_back(p); } }\n"
    )
    root = make_package(
        {
            "problem.yaml": "name: Sum\nlimits:\n  time_limit: 2\n  memory: 64\n",
            "submissions/run_time_error/hog.cpp": hog,
        }
    )
    res = run_cli("verify", root, "--json")
    subs = {s["path"]: s for s in res.json()["submissions"]}
    hogged = subs["submissions/run_time_error/hog.cpp"]
    assert hogged["verdict"] == "MLE", hogged
    assert hogged["ok"] is True
    assert res.code == 0, res.stdout


def _burns(seconds: float) -> str:
    """A correct a+b program that first burns `seconds` of CPU time (CPU time, not wall, so
    the amount does not depend on the machine's load)."""
    return (
        f"import sys, time\nwhile time.process_time() < {seconds}: pass\n"
        "print(sum(map(int, sys.stdin.read().split())))\n"
    )


def test_time_limit_folders_follow_problemtools(make_package) -> None:
    # Fixed limit 1 s, legacy safety margin 2: a submission needing 1.4 s is TLE at the limit
    # (problemtools: as promised for time_limit_exceeded/) and AC with the margin (accepted/
    # only "with extra time").
    root = make_package(
        {
            "problem.yaml": "name: Sum\nlimits:\n  time_limit: 1\n  memory: 256\n",
            "submissions/time_limit_exceeded/a_bit_slow.py": _burns(1.4),
            "submissions/accepted/a_bit_slow_too.py": _burns(1.4),
            "submissions/time_limit_exceeded/far_too_slow.py": _burns(3.0),
        }
    )
    res = run_cli("verify", root, "--json")
    subs = {s["path"].split("/", 1)[1]: s for s in res.json()["submissions"]}
    slow = subs["time_limit_exceeded/a_bit_slow.py"]
    assert (slow["verdict"], slow["verdict_with_margin"], slow["ok"]) == ("TLE", "AC", True)
    assert slow["sensitive_to_time_limit"] is True
    assert any(
        "a_bit_slow.py is too slow only without the margin" in n for n in res.json()["notes"]
    )
    slow_ac = subs["accepted/a_bit_slow_too.py"]
    assert (slow_ac["verdict"], slow_ac["verdict_with_margin"]) == ("TLE", "AC")
    assert slow_ac["ok"] is True and slow_ac["ok_only_with_extra_time"] is True
    far = subs["time_limit_exceeded/far_too_slow.py"]
    assert (far["verdict"], far["verdict_with_margin"], far["ok"]) == ("TLE", "TLE", True)
    assert far["sensitive_to_time_limit"] is False
    assert res.code == 0


def test_derived_time_limit_reports_its_measurements(make_package) -> None:
    root = make_package(
        {
            "problem.yaml": "name: Sum\n",
            "submissions/accepted/slower.py": _burns(0.3),
            # A verdict that depends on the limit: WA under the 2 s derived from one timing,
            # TLE under 1 s (what half that timing would give), so the tests deciding the
            # limit are timed again.
            "submissions/wrong_answer/slow_zero.py": "import time\n"
            "while time.process_time() < 1.3: pass\nprint(0)\n",
        }
    )
    data = run_cli("verify", root, "--json").json()
    timing = data["time_limit"]
    assert timing["source"] == "derived"
    # 0.3 s (+ interpreter start) x 5, rounded up to a second.
    assert timing["seconds"] == data["time_limit_s"] == 2.0
    assert timing["with_margin_s"] == 4.0
    measured = {(m["submission"], m["test"]) for m in timing["measurements"]}
    assert ("submissions/accepted/slower.py", "secret/1") in measured or (
        "submissions/accepted/slower.py",
        "sample/1",
    ) in measured
    for m in timing["measurements"]:
        assert len(m["times_s"]) == 4 and m["best_s"] == min(m["times_s"])
    assert 0.3 <= timing["slowest_accepted_s"] < 0.4
    assert timing["slowest_accepted_s"] == max(m["best_s"] for m in timing["measurements"])


def test_with_only_accepted_submissions_the_limit_is_timed_once(
    make_package, tmp_path: Path
) -> None:
    # Before: the tests deciding the limit were timed 3 more times, though no verdict could
    # depend on it (contractkiller: 4 tests of ~4.7 s each, half of verify's work).
    root = make_package(
        {"problem.yaml": "name: Sum\n", "submissions/accepted/slower.py": _burns(0.3)}
    )
    cache = tmp_path / "cache"
    data = run_cli("verify", root, "--json", env={"XDG_CACHE_HOME": str(cache)}).json()
    timing = data["time_limit"]
    assert timing["source"] == "derived" and data["ok"] is True
    assert timing["measurements"] and all(len(m["times_s"]) == 1 for m in timing["measurements"])
    assert any("one timing of each accepted test" in n for n in data["notes"])
    # Not remembered: `solver judge` derives it again from repeated timings.
    assert not list((cache / "solver" / "timelimits").glob("*.json"))


def test_a_verdict_far_from_the_limit_does_not_time_it_again(make_package) -> None:
    # problemtools times each accepted test once; timing the deciding tests 3 more times only
    # pays where some verdict could change with the limit (aps26: 3.6 s of 5.6 s).
    root = make_package(
        {
            "problem.yaml": "name: Sum\n",
            "submissions/accepted/slower.py": _burns(0.3),
            "submissions/wrong_answer/says_zero.py": "print(0)\n",
            "submissions/time_limit_exceeded/forever.py": "while True: pass\n",
        }
    )
    data = run_cli("verify", root, "--json").json()
    timing = data["time_limit"]
    assert data["ok"] is True, data
    assert all(len(m["times_s"]) == 1 for m in timing["measurements"]), timing
    assert any("one timing of each accepted test" in n for n in data["notes"])


def test_limit_matters_only_for_runs_that_ended_between_the_limits() -> None:
    def judging(*tests: tuple[float, Verdict]) -> JudgeResult:
        return JudgeResult(
            Verdict.AC,
            9.0,
            [testrun.TestResult(f"t{i}", v, t, 1.0) for i, (t, v) in enumerate(tests)],
        )

    assert not limit_matters([judging((0.5, Verdict.AC), (0.9, Verdict.WA))], 1.0, 4.0)
    assert limit_matters([judging((0.5, Verdict.AC), (1.5, Verdict.WA))], 1.0, 4.0)
    assert limit_matters([judging((4.0, Verdict.RTE))], 1.0, 4.0)
    # Stopped at its limit: TLE under any lower one too.
    assert not limit_matters([judging((4.0, Verdict.TLE)), judging((4.2, Verdict.AC))], 1.0, 4.0)


# WA on the sample (1 2), a crash on secret/2 (-5 5), right on secret/1.
_WRONG_THEN_CRASH = (
    "import sys\na, b = map(int, sys.stdin.read().split())\n"
    "if a < 0: raise SystemExit(3)\nprint(a + b + (a == 1))\n"
)


@pytest.mark.parametrize(
    ("problem_yaml", "testdata_yaml", "verdict", "first"),
    [
        ("name: Sum\n", None, "WA", "sample/1"),  # the first failing test decides
        ("name: Sum\ngrading:\n  on_reject: grade\n", None, "RTE", "secret/2"),
        ("name: Sum\n", "on_reject: continue\n", "RTE", "secret/2"),
        ("name: Sum\n", "on_reject: continue\ngrader_flags: first_error\n", "WA", "sample/1"),
        ("name: Sum\ngrading:\n  on_reject: grade\n", "on_reject: break\n", "WA", "sample/1"),
    ],
)
def test_on_reject_continue_grades_the_worst_error_as_problemtools(
    make_package, problem_yaml: str, testdata_yaml: str | None, verdict: str, first: str
) -> None:
    # tornbygge (legacy, `grading: on_reject: grade`): problemtools judges every test and its
    # default grader takes the worst error, RTE over WA; a first-error judge failed the
    # run_time_error/ submission on the sample it answers wrong.
    root = make_package(
        {
            "problem.yaml": problem_yaml + "limits:\n  time_limit: 2\n",
            "data/testdata.yaml": testdata_yaml,
            "submissions/run_time_error/wrong_then_crash.py": _WRONG_THEN_CRASH,
        }
    )
    data = run_cli("verify", root, "--json").json()
    sub = {s["path"]: s for s in data["submissions"]}[
        "submissions/run_time_error/wrong_then_crash.py"
    ]
    assert (sub["verdict"], sub["first_failure"]) == (verdict, first), sub
    assert sub["ok"] is (verdict == "RTE")
    judged = run_cli(
        "judge", root, root / "submissions/run_time_error/wrong_then_crash.py", "--json"
    )
    assert judged.json()["verdict"] == verdict


def test_python2_submission_is_skipped_not_failed(make_package) -> None:
    root = make_package(
        {
            "submissions/accepted/old.py": "#!/usr/bin/env python2\nimport sys\n"
            "print sum(map(int, sys.stdin.read().split()))\n"
        }
    )
    res = run_cli("verify", root, "--json")
    subs = {s["path"]: s for s in res.json()["submissions"]}
    old = subs["submissions/accepted/old.py"]
    assert old["skipped"] is True and "Python 2" in old["message"]
    assert res.code == 0


def test_program_folders_with_several_files(make_package) -> None:
    """The package format's program folders: several C++ files built together, and a Python
    package run by its __main__.py."""
    root = make_package(
        {
            "input_format_validators/multi/bounds.h": "bool in_bounds(long x);\n",
            "input_format_validators/multi/bounds.cpp": '#include "bounds.h"\n'
            "bool in_bounds(long x) { return -15 <= x && x <= 15; }\n",
            "input_format_validators/multi/main.cpp": '#include <cstdio>\n#include "bounds.h"\n'
            'int main() { long a, b; if (std::scanf("%ld %ld", &a, &b) != 2) return 43;\n'
            "  return in_bounds(a) && in_bounds(b) ? 42 : 43; }\n",
            "input_validators/pkg/__init__.py": "",
            "input_validators/pkg/rules.py": "def ok(text):\n    return len(text.split()) == 2\n",
            "input_validators/pkg/__main__.py": "import sys\nfrom rules import ok\n"
            "sys.exit(42 if ok(sys.stdin.read()) else 43)\n",
        }
    )
    data = run_cli("verify", root, "--json").json()
    # secret/1 is "10 20": 20 is out of the C++ validator's bounds; the Python one accepts all.
    assert [(i["test"], i["message"].split()[0]) for i in data["input_validation"]] == [
        ("secret/1", "input_format_validators/multi")
    ]
