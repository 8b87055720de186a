"""Whatever a program prints is the program's fault: the checkers answer AC or WA on any
output, however deep, long or malformed, and never raise (a raised exception became "the
judge failed", exit 3, for a wrong program; issue 17). The loop's own comparisons
(`LoopState.same`) call the same checkers, so they are covered too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.checkers import DefaultChecker, OutputFlags
from sandbox.functional import ValueChecker
from sandbox.judge import judge
from sandbox.package import load_problem
from sandbox.verdict import Verdict
from tests.conftest import write_files
from tests.test_functional import PACKAGE

HOSTILE = Path(__file__).resolve().parent / "hostile"

FLAGS = [
    OutputFlags(),
    OutputFlags(case_sensitive=True, space_change_sensitive=True),
    OutputFlags(float_absolute_tolerance=1e-6, float_relative_tolerance=1e-6),
    OutputFlags(float_relative_tolerance=0.5),
]
ANSWERS = [b'[1, 2.5, "a"]\n', b"1.5\n", b'{"k": [true, null]}\n', b'"text"\n', b"7\n"]


def _nested(depth: int, opening: str, closing: str, inner: str = "1") -> bytes:
    return (opening * depth + inner + closing * depth).encode()


ADVERSARIAL = [
    _nested(200_000, "[", "]"),  # the output: RecursionError in json.loads
    _nested(200_000, '{"a":', "}"),
    _nested(900, "[", "]"),  # parses, but deep enough to strain a recursive comparison
    _nested(200_000, "(", ")"),  # Python-literal fallback: the parser gives up
    _nested(200_000, "[", ""),  # never closed
    b"1" * 4000,  # an int JSON parses and no float can hold
    ("[" + "1" * 4000 + "]").encode(),
    b"9" * 5000,  # past the int-to-string digit limit
    b"1e999999",
    b"-0",
    b"NaN",
    b"[Infinity, -Infinity]",
    b"\xff\xfe\x00garbage",
    b"\xef\xbb\xbf[1]",  # a UTF-8 byte-order mark
    b"\x00" * 1000,
    b"",
    b"   \n\t ",
    b"{1, 2}",  # a set: a Python literal that is not a JSON value
    b"b'bytes'",
    b"...",
    b"__import__('os')",
    b"[" * 100 + b"]" * 50,
    " ".join(["1"] * 100_000).encode(),
    b"1.0000000001 2.5 A",
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("robust")
    made = []
    for i, answer in enumerate(ANSWERS):
        (folder / f"{i}.in").write_bytes(b"\n")
        (folder / f"{i}.ans").write_bytes(answer)
        made.append((folder / f"{i}.in", folder / f"{i}.ans"))
    return made


def _all_checkers() -> list[ValueChecker | DefaultChecker]:
    return [ValueChecker(flags) for flags in FLAGS] + [DefaultChecker(flags) for flags in FLAGS]


@pytest.mark.parametrize("output", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_outputs_are_wrong_answers_not_judge_errors(
    files: list[tuple[Path, Path]], output: bytes
) -> None:
    for checker in _all_checkers():
        for input_file, answer_file in files:
            result = checker.check(input_file, answer_file, output)
            assert result.verdict in (Verdict.AC, Verdict.WA), (checker, result)


def test_json_nested_200000_deep_is_wa(files: list[tuple[Path, Path]]) -> None:
    input_file, answer_file = files[0]
    result = ValueChecker().check(input_file, answer_file, _nested(200_000, "[", "]"))
    assert result.verdict is Verdict.WA, result


def test_a_submission_printing_deep_json_is_judged_wa(tmp_path: Path) -> None:
    # End to end, through the sandbox and the functional harness: the hostile submission
    # writes the deep value past the harness, straight to its stdout.
    package = write_files(tmp_path / "top-sum", dict(PACKAGE))
    result = judge(load_problem(package), HOSTILE / "deep_json_solution.py")
    assert result.verdict is Verdict.WA, result
    assert "not a JSON value" in result.tests[0].message


def test_a_huge_integer_against_a_float_answer_is_wa(files: list[tuple[Path, Path]]) -> None:
    # 10**3999 minus 1.5 does not fit a float: OverflowError escaped the tolerance check.
    input_file, answer_file = files[1]
    checker = ValueChecker(FLAGS[2])
    assert checker.check(input_file, answer_file, b"1" * 4000).verdict is Verdict.WA


def test_deep_but_parseable_output_is_compared(files: list[tuple[Path, Path]]) -> None:
    input_file, answer_file = files[0]
    deep = _nested(900, "[", "]")
    assert ValueChecker().check(input_file, answer_file, deep).verdict is Verdict.WA
    (answer_file.parent / "deep.ans").write_bytes(deep)
    same = ValueChecker().check(input_file, answer_file.parent / "deep.ans", deep)
    assert same.verdict in (Verdict.AC, Verdict.WA)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=30,
)
outputs = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(
        lambda depth, opening, tail: (opening * depth).encode() + tail,
        st.integers(0, 50_000),
        st.sampled_from(["[", '{"a":', "(", "[[1,", "-"]),
        st.binary(max_size=20),
    ),
    st.builds(
        lambda digits, sign, exp: f"{sign}{digits}{exp}".encode(),
        st.text("0123456789", min_size=1, max_size=6000),
        st.sampled_from(["", "-", "+"]),
        st.sampled_from(["", ".5", "e999", "e-999", "E+1"]),
    ),
    st.lists(st.sampled_from([b"1", b"1.5", b"a", b"A", b"-0", b"1e5", b" ", b"\n", b"\t"])).map(
        b"".join
    ),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(output=outputs, answer=st.sampled_from(range(len(ANSWERS))))
def test_no_exception_escapes_the_checkers(
    files: list[tuple[Path, Path]], output: bytes, answer: int
) -> None:
    input_file, answer_file = files[answer]
    for checker in _all_checkers():
        result = checker.check(input_file, answer_file, output)
        assert result.verdict in (Verdict.AC, Verdict.WA), (checker, result)
