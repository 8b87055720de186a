"""`solver run` and `solver judge`: verdicts, JSON, exit codes, compile errors, -j."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import PROBLEMS, run_cli

RANGE = PROBLEMS / "range-sums"


def test_run_json_has_the_documented_fields(tmp_path: Path) -> None:
    src = tmp_path / "echo.py"
    src.write_text(
        "import sys\nprint(sys.stdin.read().upper(), end='')\nprint('note', file=sys.stderr)\n"
    )
    inp = tmp_path / "in.txt"
    inp.write_text("hello\n")
    res = run_cli("run", src, "--input", inp, "--json")
    assert res.code == 0
    data = res.json()
    assert {
        "verdict",
        "exit_code",
        "signal",
        "cpu_time_s",
        "wall_time_s",
        "memory_mib",
        "stdout",
        "stderr",
    } <= data.keys()
    assert data["verdict"] == "OK"
    assert data["stdout"] == "HELLO\n"
    assert data["stderr"] == "note\n"
    assert data["exit_code"] == 0 and data["signal"] is None
    assert 0 < data["memory_mib"] < 256


def test_run_plain_prints_program_output(tmp_path: Path) -> None:
    src = tmp_path / "a.c"
    src.write_text('#include <stdio.h>\nint main(){printf("hi\\n");return 3;}\n')
    res = run_cli("run", src)
    assert res.code == 1
    assert res.stdout == "hi\n"
    assert "RTE" in res.stderr and "exit code 3" in res.stderr


@pytest.mark.parametrize(
    ("name", "source", "verdict"),
    [
        ("tle.py", "while True: pass\n", "TLE"),
        ("mle.py", "x = bytearray(512 * 2**20)\n", "MLE"),
        ("rte.py", "raise ValueError('boom')\n", "RTE"),
        ("ole.py", "import sys\nwhile True: sys.stdout.write('x' * 65536)\n", "OLE"),
        ("py2.py", "print 'hello'\n", "CE"),
        ("bad.cpp", "int main() { return x; }\n", "CE"),
        # C++20 (Kattis and problemtools compile gnu++23): a set's contains, ranges, <=>.
        (
            "modern.cpp",
            "#include <bits/stdc++.h>\nint main() { std::set<int> s{3, 1}; std::vector v{2, 1};"
            " std::ranges::sort(v); return s.contains(1) && (v[0] <=> v[1]) < 0 ? 0 : 1; }\n",
            "OK",
        ),
        (
            "Main.java",
            "public class Main { public static void main(String[] a) "
            "{ System.out.println(1); } }\n",
            "OK",
        ),
    ],
)
def test_run_verdicts(tmp_path: Path, name: str, source: str, verdict: str) -> None:
    src = tmp_path / name
    src.write_text(source)
    res = run_cli("run", src, "--time-limit", "1", "--memory-limit", "128", "--json")
    assert res.json()["verdict"] == verdict, res.stdout
    assert res.code == (0 if verdict == "OK" else 1)


def test_compile_error_carries_the_compiler_message(tmp_path: Path) -> None:
    src = tmp_path / "bad.cpp"
    src.write_text("int main() { return undeclared_thing; }\n")
    res = run_cli("judge", PROBLEMS / "add-two", src, "--json")
    assert res.code == 1
    data = res.json()
    assert data["verdict"] == "CE"
    assert "undeclared_thing" in data["message"]
    assert data["tests"] == []
    py2 = tmp_path / "old.py"
    py2.write_text("print 'hi'\n")
    data = run_cli("judge", PROBLEMS / "add-two", py2, "--json").json()
    assert data["verdict"] == "CE"
    assert "old.py, line 1: SyntaxError" in data["message"]


def test_what_a_program_writes_is_shown_not_obeyed(tmp_path: Path) -> None:
    # Its stderr reaches the report's message column: rich markup in it must not style the
    # report (a forged green AC), nor terminal escapes clear the screen or retitle the window.
    src = tmp_path / "evil.py"
    src.write_text(
        "import sys\n"
        "sys.stderr.write('[bold green]AC[/] \\x1b]0;owned\\x07\\x1b[2J done\\n')\n"
        "sys.exit(3)\n"
    )
    res = run_cli("judge", PROBLEMS / "add-two", src)
    assert res.code == 1
    assert "exit code 3: [bold green]AC[/] \\x1b]0;owned\\x07\\x1b[2J done" in res.stdout
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout


def test_judge_accepted_json_and_exit_code() -> None:
    res = run_cli("judge", RANGE, RANGE / "submissions/accepted/prefix_sums.py", "--json")
    assert res.code == 0, res.stderr
    data = res.json()
    assert data["verdict"] == "AC"
    assert data["time_limit_s"] == 1.0
    tests = data["tests"]
    assert [t["name"] for t in tests][:2] == ["sample/1", "sample/2"]
    assert any(t["name"].startswith("secret/large/") for t in tests)
    assert all(t["verdict"] == "AC" for t in tests)
    assert {"name", "verdict", "time_s", "memory_mib", "message"} <= tests[0].keys()


def test_first_failure_decides_and_all_runs_everything() -> None:
    sub = RANGE / "submissions/wrong_answer/negative_index.py"
    first = run_cli("judge", RANGE, sub, "--json")
    assert first.code == 1
    data = first.json()
    assert data["verdict"] == "WA"
    assert data["tests"][-1]["verdict"] == "WA"
    assert all(t["verdict"] == "AC" for t in data["tests"][:-1])
    everything = run_cli("judge", RANGE, sub, "--json", "--all").json()
    assert len(everything["tests"]) == 13
    assert len(everything["tests"]) > len(data["tests"])


def test_parallel_judging_gives_the_same_answer() -> None:
    sub = RANGE / "submissions/wrong_answer/negative_index.py"
    one = run_cli("judge", RANGE, sub, "--json", "-j", "1").json()
    two = run_cli("judge", RANGE, sub, "--json", "-j", "2").json()
    assert one["verdict"] == two["verdict"] == "WA"
    assert [t["name"] for t in one["tests"]] == [t["name"] for t in two["tests"]]


def test_judge_sample_only_and_time_limit_override() -> None:
    sub = PROBLEMS / "add-two/submissions/time_limit_exceeded/count_up.py"
    samples = run_cli("judge", PROBLEMS / "add-two", sub, "--data", "sample", "--json").json()
    assert samples["verdict"] == "AC"
    assert {t["name"].split("/")[0] for t in samples["tests"]} == {"sample"}
    slow = run_cli(
        "judge", PROBLEMS / "add-two", sub, "--data", "secret", "-t", "0.5", "--json"
    ).json()
    assert slow["verdict"] == "TLE"
    assert slow["time_limit_s"] == 0.5


def test_bad_option_is_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "a.py"
    src.write_text("print(1)\n")
    res = run_cli("judge", RANGE, src, "--data", "hidden")
    assert res.code == 2
    assert res.stderr.strip() == "error: --data must be sample, secret or all, not 'hidden'"
    res = run_cli("run", tmp_path / "missing.py")
    assert res.code == 2
    assert "no such solution file" in res.stderr
    res = run_cli("run", tmp_path / "a.rb")
    assert res.code == 2


def test_unsupported_language_is_bad_input(tmp_path: Path) -> None:
    src = tmp_path / "a.rb"
    src.write_text("puts 1\n")
    res = run_cli("run", src)
    assert res.code == 2
    assert "unsupported language '.rb'" in res.stderr


PYPY = pytest.mark.skipif(shutil.which("pypy3") is None, reason="pypy3 is not installed")
WHICH_PYTHON = "import sys\nprint(sys.implementation.name)\n"


@PYPY
def test_run_with_pypy(tmp_path: Path) -> None:
    src = tmp_path / "which.py"
    src.write_text(WHICH_PYTHON)
    assert run_cli("run", src, "--json").json()["stdout"] == "cpython\n"
    res = run_cli("run", src, "--python", "pypy3", "--json")
    assert res.code == 0, res.stderr
    assert res.json()["stdout"] == "pypy\n"
    env = run_cli("run", src, "--json", env={"SOLVER_PYTHON_RUNTIME": "pypy3"}).json()
    assert env["stdout"] == "pypy\n"
    bad = run_cli("run", src, "--python", "jython")
    assert bad.code == 2 and "--python must be one of cpython, pypy3" in bad.stderr


@PYPY
def test_pypy_limits_and_accounting(tmp_path: Path) -> None:
    """PyPy reserves address space beyond its use, so it cannot run under RLIMIT_AS at a
    256 MiB limit; its heap limit and peak resident memory bound it instead."""
    touch = (
        "import sys\nn = int(sys.argv[1]) if len(sys.argv) > 1 else {mib}\n"
        "x = bytearray(n * 2**20)\nfor i in range(0, len(x), 4096): x[i] = 1\n"
        "print(len(x) // 2**20)\n"
    )
    small = tmp_path / "small.py"
    small.write_text(touch.format(mib=40))
    ok = run_cli("run", small, "--python", "pypy3", "-m", "256", "--json").json()
    assert ok["verdict"] == "OK", ok
    assert 40 <= ok["memory_mib"] < 256
    big = tmp_path / "big.py"
    big.write_text(touch.format(mib=600))
    assert (
        run_cli("run", big, "--python", "pypy3", "-m", "256", "--json").json()["verdict"] == "MLE"
    )
    grow = tmp_path / "grow.py"
    grow.write_text("x = []\nwhile True: x.append(bytearray(10**6))\n")
    assert (
        run_cli("run", grow, "--python", "pypy3", "-m", "256", "--json").json()["verdict"] == "MLE"
    )
    spin = tmp_path / "spin.py"
    spin.write_text("while True: pass\n")
    res = run_cli("run", spin, "--python", "pypy3", "-t", "0.5", "--json").json()
    # Stopped by its CPU timer, or on a loaded machine by the wall clock first: never early.
    assert res["verdict"] == "TLE" and res["wall_time_s"] >= 0.5, res
    new_syntax = tmp_path / "match.py"  # PyPy 7.3 is Python 3.9: no `match`
    new_syntax.write_text("match 1:\n    case 1:\n        print(1)\n")
    res = run_cli("run", new_syntax, "--python", "pypy3", "--json").json()
    assert res["verdict"] == "CE" and "line 1: SyntaxError" in res["message"]


@PYPY
def test_package_chooses_pypy_and_the_option_overrides(make_package) -> None:
    root = make_package(
        {
            ".solver.yaml": "python: pypy3\n",
            "data/sample/1.ans": "pypy\n",
            "data/secret/1.ans": "pypy\n",
            "data/secret/2.ans": "pypy\n",
            "submissions/accepted/sum.py": WHICH_PYTHON,
        }
    )
    sub = root / "submissions/accepted/sum.py"
    assert run_cli("judge", root, sub, "--json").json()["verdict"] == "AC"
    assert run_cli("judge", root, sub, "--python", "cpython", "--json").json()["verdict"] == "WA"


def test_doctor_lists_pypy() -> None:
    langs = {lang["language"]: lang for lang in run_cli("doctor", "--json").json()["languages"]}
    assert "Python 3 (PyPy)" in langs
    assert langs["Python 3 (PyPy)"]["available"] is (shutil.which("pypy3") is not None)
