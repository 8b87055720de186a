"""The default output validator's semantics, and custom validators of both conventions."""

from __future__ import annotations

import re
import tracemalloc
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox import checkers
from sandbox.checkers import _NUMBER, OutputFlags, _token_ok, compare_default
from sandbox.verdict import Verdict
from tests.conftest import run_cli

AC, WA = Verdict.AC, Verdict.WA


def check(out: str, ans: str, *flags: str) -> Verdict:
    return compare_default(out.encode(), ans.encode(), OutputFlags.parse(flags)).verdict


@pytest.mark.parametrize(
    ("out", "ans", "flags", "expected"),
    [
        ("42\n", "42\n", (), AC),
        ("  42  \n\n", "42\n", (), AC),  # whitespace is lenient by default
        ("1 2\n3\n", "1\n2 3\n", (), AC),
        ("41\n", "42\n", (), WA),
        ("42 43\n", "42\n", (), WA),  # extra token
        ("", "42\n", (), WA),  # missing token
        ("YES\n", "yes\n", (), AC),  # case-insensitive by default
        ("YES\n", "yes\n", ("case_sensitive",), WA),
        ("yes\n", "yes\n", ("case_sensitive",), AC),
        ("1  2\n", "1 2\n", ("space_change_sensitive",), WA),
        ("1 2\n", "1 2\n", ("space_change_sensitive",), AC),
        ("1 2", "1 2\n", ("space_change_sensitive",), WA),
        ("3.1415927\n", "3.14159265\n", ("float_tolerance", "1e-6"), AC),
        ("3.1416\n", "3.14159265\n", ("float_tolerance", "1e-6"), WA),
        ("3.1416\n", "3.14159265\n", (), WA),  # no tolerance: numbers compare as text
        ("3.0\n", "3\n", (), WA),
        ("3.0\n", "3\n", ("float_tolerance", "1e-9"), AC),
        # Absolute OR relative: 1000.5 vs 1000 is within 1e-3 relative, not absolute.
        ("1000.5\n", "1000\n", ("float_absolute_tolerance", "1e-3"), WA),
        ("1000.5\n", "1000\n", ("float_relative_tolerance", "1e-3"), AC),
        (
            "1000.5\n",
            "1000\n",
            ("float_absolute_tolerance", "1e-3", "float_relative_tolerance", "1e-3"),
            AC,
        ),
        ("1e3\n", "1000.0\n", ("float_tolerance", "1e-9"), AC),
        ("abc\n", "1.0\n", ("float_tolerance", "1e-6"), WA),
        ("nan\n", "1.0\n", ("float_tolerance", "1e-6"), WA),
        # Tolerance applies only where the judge's token is a number.
        ("Impossible\n", "impossible\n", ("float_tolerance", "1e-6"), AC),
        ("0.1\n", "x\n", ("float_tolerance", "1"), WA),
    ],
)
def test_default_validator(out: str, ans: str, flags: tuple[str, ...], expected: Verdict) -> None:
    assert check(out, ans, *flags) is expected


def test_wrong_answer_message_names_line_and_token() -> None:
    result = compare_default(b"1\n2\n5\n", b"1 2 3\n", OutputFlags())
    assert result.verdict is WA
    assert result.message == "line 3, token 3: expected '3', got '5'"


def reference_verdict(output: bytes, answer: bytes, flags: OutputFlags) -> Verdict:
    """The validator's rules written out plainly: tokens are maximal runs of anything but
    [ \\t\\n\\r\\v\\f]; with space_change_sensitive, the runs of whitespace must match too."""
    space = rb"[ \t\n\r\x0b\x0c]+"
    if flags.space_change_sensitive and re.findall(space, output) != re.findall(space, answer):
        return WA
    got = [t for t in re.split(space, output) if t]
    want = [t for t in re.split(space, answer) if t]
    if len(got) != len(want):
        return WA
    return AC if all(_token_ok(g, w, flags) for g, w in zip(got, want, strict=True)) else WA


_PIECES = [b"1", b"01", b"1.0", b"1e0", b"-1", b"abc", b"ABC", b"\x1c", b"\xa0", b"\x85"]
_PIECES += [b"1e", b".", b"+", b"1e999", b"nan", b"inf", b"1_0", b"0.5", b"1.0000001", b"E"]
_SPACES = [b" ", b"  ", b"\n", b"\r\n", b"\t", b"\x0b", b"\x0c"]
_texts = st.lists(st.sampled_from(_PIECES + _SPACES), max_size=8).map(b"".join)
_flag_sets = st.sampled_from(
    [
        (),
        ("case_sensitive",),
        ("space_change_sensitive",),
        ("float_tolerance", "1e-6"),
        ("float_absolute_tolerance", "0.5"),
        ("float_relative_tolerance", "1e-7", "case_sensitive"),
        ("float_absolute_tolerance", "1e-9", "float_relative_tolerance", "0.6"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(output=_texts, answer=_texts, flags=_flag_sets)
def test_default_validator_matches_its_plain_rules(
    output: bytes, answer: bytes, flags: tuple[str, ...]
) -> None:
    parsed = OutputFlags.parse(flags)
    assert compare_default(output, answer, parsed).verdict is reference_verdict(
        output, answer, parsed
    )


@settings(max_examples=400, deadline=None)
@given(output=_texts, answer=_texts, flags=_flag_sets, piece=st.integers(1, 6))
def test_default_validator_is_the_same_a_few_bytes_at_a_time(
    output: bytes, answer: bytes, flags: tuple[str, ...], piece: int
) -> None:
    # Texts are split a piece at a time (PIECE_BYTES, megabytes): pieces of a few bytes put
    # a piece boundary inside every token and every run of whitespace somewhere.
    parsed = OutputFlags.parse(flags)
    whole = compare_default(output, answer, parsed)
    with mock.patch.object(checkers, "PIECE_BYTES", piece):
        assert compare_default(output, answer, parsed) == whole
    assert whole.verdict is reference_verdict(output, answer, parsed)


def test_the_validator_holds_only_a_piece_of_a_huge_answer_as_tokens() -> None:
    # A package's answer file may be up to a GiB; as one list of tokens it would take about
    # twenty times that. With pieces of 1 MiB, the peak is a small multiple of a piece.
    answer = b"12 " * (8 << 20)  # (one-byte tokens are shared objects: no test of memory)
    output = b"12 " * (1 << 20)
    tracemalloc.start()
    try:
        with mock.patch.object(checkers, "PIECE_BYTES", 1 << 20):
            result = compare_default(output, answer, OutputFlags())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.message == "output ended after 1048576 tokens; expected '12' next"
    assert peak < 150 << 20, f"{peak >> 20} MiB (as one list: about 400)"


@settings(max_examples=2000, deadline=None)
@given(token=st.text(alphabet="0123456789.+-eE", min_size=1, max_size=8).map(str.encode))
def test_float_parses_exactly_the_number_tokens(token: bytes) -> None:
    # The validator's fast path relies on it: on these characters, float() and _NUMBER agree.
    try:
        float(token)
        parses = True
    except ValueError:
        parses = False
    assert parses is bool(_NUMBER.fullmatch(token))


def test_wrong_answer_far_into_a_long_output_names_its_line() -> None:
    answer = b"\n".join(b"%d %d" % (i, i * i) for i in range(200_000)) + b"\n"
    output = answer.replace(b"\n150000 ", b"\n150000  ").replace(b" 22500000000\n", b" 7\n")
    result = compare_default(output, answer, OutputFlags())
    assert result.message == "line 150001, token 300002: expected '22500000000', got '7'"
    assert compare_default(answer, answer, OutputFlags()).verdict is AC


@pytest.mark.parametrize(
    "flags",
    [("float_tolerance",), ("float_tolerance", "x"), ("float_tolerance", "-1"), ("no_such_flag",)],
)
def test_bad_flags_are_rejected(flags: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        OutputFlags.parse(flags)


KATTIS_VALIDATOR = """
import sys
inp, ans, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
a, b = map(int, open(inp).read().split())
team = sys.stdin.read().split()
def reject(msg):
    open(feedback + "/judgemessage.txt", "w").write(msg + "\\n")
    sys.exit(43)
if len(team) != 2:
    reject("expected two numbers")
x, y = map(int, team)
if x + y != a + b:
    reject(f"{x} + {y} != {a + b}")
sys.exit(42)
"""

PAIR_AC = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b, 0)\n"
PAIR_WA = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b, 1)\n"


def test_kattis_validator_accepts_any_valid_answer(make_package) -> None:
    pkg = make_package(
        {
            "problem.yaml": "name: Pair\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            "output_validators/pair/validate.py": KATTIS_VALIDATOR,
            "submissions/accepted/sum.py": PAIR_AC,
        }
    )
    (pkg / "ac.py").write_text(PAIR_AC)
    (pkg / "wa.py").write_text(PAIR_WA)
    ok = run_cli("judge", pkg, pkg / "ac.py", "--json")
    assert ok.code == 0, ok.stderr
    assert ok.json()["verdict"] == "AC"
    bad = run_cli("judge", pkg, pkg / "wa.py", "--json")
    assert bad.code == 1
    first = bad.json()["tests"][0]
    assert first["verdict"] == "WA"
    assert first["message"] == "3 + 1 != 3"  # from the feedback directory


def test_kattis_validator_crash_is_judge_error(make_package) -> None:
    pkg = make_package(
        {
            "problem.yaml": "name: Pair\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            "output_validators/v/validate.py": "raise SystemExit(7)\n",
        }
    )
    res = run_cli("judge", pkg, pkg / "submissions/accepted/sum.py", "--json")
    assert res.code == 3
    assert res.json()["verdict"] == "JE"
    assert "exit code 7" in res.json()["tests"][0]["message"]


def test_cpp_validator_is_compiled(make_package) -> None:
    cpp = r"""
    #include <cstdio>
    #include <fstream>
    int main(int argc, char** argv) {
        std::ifstream ans(argv[2]);
        long long want, got;
        ans >> want;
        if (std::scanf("%lld", &got) != 1 || got != want) {
            std::ofstream(std::string(argv[3]) + "/judgemessage.txt") << "wrong sum\n";
            return 43;
        }
        return 42;
    }
    """
    pkg = make_package(
        {
            "problem.yaml": "name: Sum\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            "output_validators/check/check.cpp": cpp,
        }
    )
    (pkg / "wa.py").write_text("print(0)\n")
    assert run_cli("judge", pkg, pkg / "submissions/accepted/sum.py").code == 0
    res = run_cli("judge", pkg, pkg / "wa.py", "--json")
    assert res.code == 1
    assert res.json()["tests"][0]["message"] == "wrong sum"


TESTLIB_CHECKER = """
import sys
inp, out, ans = sys.argv[1:4]
want = open(ans).read().split()
got = open(out).read().split()
if got == want:
    print("ok answer is", want[0], file=sys.stderr)
    sys.exit(0)
print("wrong answer expected", want, "got", got, file=sys.stderr)
sys.exit(1)
"""


def test_testlib_style_checker(make_package) -> None:
    pkg = make_package(
        {
            "problem.yaml": "name: Sum\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            "checker.py": TESTLIB_CHECKER,
        }
    )
    (pkg / "wa.py").write_text("print(-1)\n")
    assert run_cli("judge", pkg, pkg / "submissions/accepted/sum.py").code == 0
    res = run_cli("judge", pkg, pkg / "wa.py", "--json")
    assert res.code == 1
    assert res.json()["tests"][0]["message"].startswith("wrong answer expected ['3']")


def test_testlib_checker_fail_exit_is_judge_error(make_package) -> None:
    pkg = make_package(
        {
            "problem.yaml": "name: Sum\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            "checker.py": "import sys\nsys.exit(3)\n",
        }
    )
    res = run_cli("judge", pkg, pkg / "submissions/accepted/sum.py", "--json")
    assert res.code == 3
    assert res.json()["verdict"] == "JE"
