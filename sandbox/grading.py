"""Grading modes: each benchmark's own rules for comparing output and for running a program.

A package says how it is graded in `.solver.yaml` (`grading: livecodebench`); without that it
is graded as a Kattis package. The dataset loaders write the key, so `solver judge`, the loop's
comparisons and `solver batch` all grade a benchmark's problems the way its own harness does.
The rules are written down in docs/batch.md ("Grading modes"); this module implements them:

- `kattis`: the package's checker (the default validator and its flags, or its own validator);
- `livecodebench`: stripped output compared line by line (a line equal as text, or every token
  equal as a decimal number), LiveCodeBench's import prelude and recursion limit around Python
  programs, the exit status ignored once the program ends by `sys.exit`; functional answers
  compared with Python's `==` after a top-level tuple becomes a list;
- `codecontests`: CodeContests' own comparison (lower-cased tokens; two numbers equal within
  1e-5).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sandbox import harness, safe_io
from sandbox.checkers import ANSWER_MAX_BYTES, CheckResult
from sandbox.verdict import Verdict

KATTIS = "kattis"
LIVECODEBENCH = "livecodebench"
CODECONTESTS = "codecontests"
GRADINGS = (KATTIS, LIVECODEBENCH, CODECONTESTS)
_SHOW = 40

# ---- LiveCodeBench: the program's surroundings -------------------------------------------

LCB_MODULES = (
    "string",
    "re",
    "datetime",
    "collections",
    "heapq",
    "bisect",
    "copy",
    "math",
    "random",
    "statistics",
    "itertools",
    "functools",
    "operator",
    "io",
    "sys",
    "json",
)
"""What LiveCodeBench's harness star-imports (then `builtins` and `typing`) and imports by name
before every program, in its order."""
LCB_RECURSION_LIMIT = 50000

# One line, so a program's line N is line N + 1 in a traceback. After the imports: an uncaught
# exception is remembered by the excepthook; at exit, unless one was, the process ends with
# status 0 whatever `sys.exit` said (threads have been joined and the program's own atexit
# handlers have run by then, since this one was registered first).
PRELUDE_LINE = (
    "".join(f"from {m} import *; " for m in (*LCB_MODULES, "builtins", "typing"))
    + "".join(f"import {m}; " for m in LCB_MODULES)
    + f"sys.setrecursionlimit({LCB_RECURSION_LIMIT}); "
    "import atexit as _grading_atexit, os as _grading_os; _grading_crashed = []; "
    "sys.excepthook = (lambda hook: lambda *a: (_grading_crashed.append(1), hook(*a)))"
    "(sys.excepthook); "
    "_grading_atexit.register(lambda: _grading_crashed or (sys.stdout.flush(), "
    "sys.stderr.flush(), _grading_os._exit(0)))\n"
)


def surround(code: str) -> str:
    """A Python program as LiveCodeBench runs it: its prelude and recursion limit first, and
    its exit status ignored unless an exception ended it. The prelude is one line, so every
    line number in a traceback is the program's own plus one."""
    return PRELUDE_LINE + code


# The return value printed as a Python literal, so that the checker sees tuples as tuples
# (LiveCodeBench turns only a top-level tuple into a list).
_LITERAL_ENCODER = """
def _literal(value):
    if isinstance(value, float) and not _math.isfinite(value):
        return "nan" if value != value else ("1e999" if value > 0 else "-1e999")
    if isinstance(value, list):
        return "[" + ", ".join(map(_literal, value)) + "]"
    if isinstance(value, tuple):
        return "(" + "".join(_literal(v) + ", " for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(_literal(k) + ": " + _literal(v) for k, v in value.items()) + "}"
    return repr(value)


def _encode(result):
    return _literal(list(result) if isinstance(result, tuple) else result)
"""


def wrap_functional(code: str, method: str) -> str:
    """A stdin/stdout program that calls `Solution().<method>` the way LiveCodeBench does,
    with its prelude (not its exit handling: the method's exit status is ours)."""
    prelude = PRELUDE_LINE.split("import atexit", 1)[0]
    return harness.wrap(code, method, prelude=prelude, encoder=_LITERAL_ENCODER)


# ---- comparing output --------------------------------------------------------------------


def _show(text: str) -> str:
    return repr(text if len(text) <= _SHOW else text[:_SHOW] + "...")


def _cut(text: str) -> str:
    return text if len(text) <= _SHOW else text[:_SHOW] + "..."


def _decimals(line: str) -> list[Decimal] | None:
    try:
        return [Decimal(token) for token in line.split()]
    except (InvalidOperation, ValueError):
        return None


def _decimals_equal(got: list[Decimal], want: list[Decimal]) -> bool:
    try:
        return got == want
    except InvalidOperation:  # a signalling NaN refuses to be compared: not equal
        return False


def compare_lines(output: bytes, answer: bytes) -> CheckResult:
    """LiveCodeBench's comparison of standard output: both texts stripped and split at line
    breaks, each line stripped; as many lines on both sides; each line equal as text, or
    every whitespace-separated token of both read as a decimal number and equal as one
    (`2.5` is `2.5000`; `YES` is not `Yes`)."""
    got = output.decode("utf-8", errors="replace").strip().split("\n")
    want = answer.decode("utf-8", errors="replace").strip().split("\n")
    if len(got) != len(want):
        return CheckResult(
            Verdict.WA, f"expected {len(want)} line(s) after stripping, got {len(got)}"
        )
    for number, (g, w) in enumerate(zip(got, want, strict=True), 1):
        g, w = g.strip(), w.strip()
        if g == w:
            continue
        g_values, w_values = _decimals(g), _decimals(w)
        if g_values is not None and w_values is not None and _decimals_equal(g_values, w_values):
            continue
        return CheckResult(Verdict.WA, f"line {number}: expected {_show(w)}, got {_show(g)}")
    return CheckResult(Verdict.AC)


_CC_SPACE = re.compile(rb"[ \n\t\r\x0b]+")
# What a C library reads as a double: decimal with sign and exponent, hexadecimal, inf, nan.
_CC_NUMBER = re.compile(
    r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|0x(?:[\da-f]+\.?[\da-f]*|\.[\da-f]+)"
    r"(?:p[+-]?\d+)?|inf(?:inity)?|nan)"
)
CC_TOLERANCE = 1e-5


def _cc_number(token: str) -> float | None:
    if not _CC_NUMBER.fullmatch(token):
        return None
    try:
        return float.fromhex(token) if "0x" in token else float(token)
    except (ValueError, OverflowError):
        return None


def compare_codecontests(output: bytes, answer: bytes) -> CheckResult:
    """CodeContests' comparison: tokens split at space, tab, newline, CR and VT, lower-cased;
    as many on both sides; each equal as text, or both numbers less than 1e-5 apart."""
    got = [t.decode("utf-8", errors="replace").lower() for t in _CC_SPACE.split(output) if t]
    want = [t.decode("utf-8", errors="replace").lower() for t in _CC_SPACE.split(answer) if t]
    if got == want:
        return CheckResult(Verdict.AC)
    if len(got) != len(want):
        return CheckResult(Verdict.WA, f"expected {len(want)} token(s), got {len(got)}")
    for number, (g, w) in enumerate(zip(got, want, strict=True), 1):
        if g == w:
            continue
        gv, wv = _cc_number(g), _cc_number(w)
        if gv is not None and wv is not None and abs(gv - wv) < CC_TOLERANCE:
            continue
        return CheckResult(Verdict.WA, f"token {number}: expected {_show(w)}, got {_show(g)}")
    return CheckResult(Verdict.AC)


_NOT_A_VALUE = object()


def _value(text: bytes) -> Any:
    """A printed return value: the harness's Python literal (tuples kept), else JSON."""
    decoded = text.decode("utf-8", errors="replace").strip()
    try:
        return ast.literal_eval(decoded)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        return json.loads(decoded)
    except ValueError:
        return _NOT_A_VALUE


def compare_values(output: bytes, answer: bytes) -> CheckResult:
    """LiveCodeBench's comparison of a return value: Python's `==` against the answer's JSON
    value, so `1 == true` and `2 == 2.0` hold, while a tuple inside a list is never equal to
    the list the answer has there (the harness turned only a top-level tuple into a list)."""
    expected = _value(answer)
    if expected is _NOT_A_VALUE:
        return CheckResult(Verdict.JE, "the answer file is not a JSON value")
    if isinstance(expected, tuple):  # a prediction written the Python way: the answer's list
        expected = list(expected)
    got = _value(output)
    if got is _NOT_A_VALUE:
        text = output.decode("utf-8", errors="replace").strip()
        return CheckResult(Verdict.WA, f"output is not a value: {_show(text)}")
    try:
        equal = bool(got == expected)
    except RecursionError:
        equal = False
    if equal:
        return CheckResult(Verdict.AC)
    return CheckResult(Verdict.WA, f"expected {_cut(repr(expected))}, got {_cut(repr(got))}")


@dataclass(frozen=True)
class GradingChecker:
    """The checker of a package graded by a benchmark's rules (the Checker protocol).
    Validator flags do not apply: these rules have none."""

    grading: str
    functional: bool = False

    def check(
        self, input_file: Path, answer_file: Path, output: bytes, args: Sequence[str] = ()
    ) -> CheckResult:
        try:
            answer = safe_io.read_bytes(answer_file, ANSWER_MAX_BYTES, follow=True)
        except OSError as exc:
            return CheckResult(
                Verdict.JE, f"cannot read the answer file {answer_file.name}: {exc.strerror or exc}"
            )
        if self.grading == LIVECODEBENCH:
            return (
                compare_values(output, answer) if self.functional else compare_lines(output, answer)
            )
        return compare_codecontests(output, answer)


def checker_for(grading: str, functional: bool) -> GradingChecker | None:
    """The benchmark's checker for a package without its own validator; None for `kattis`
    (the package's default validator and flags then apply)."""
    if grading == KATTIS:
        return None
    return GradingChecker(grading, functional)


LCB_DEPARTURES = (
    "quit() ends a program normally (LiveCodeBench's harness sets quit = None, so it is an "
    "RE there); sys.stdin.buffer.readline() reads the next line (LiveCodeBench's stand-in "
    "gives the first line every time)"
)
"""Where this judge does not follow LiveCodeBench's harness, which is wrong there (said in
the batch summary; docs/batch.md)."""


# ---- where a package says it ----------------------------------------------------------------

SOLVER_FILE = ".solver.yaml"


def grading_of(root: Path) -> str:
    """The grading mode of the package at `root` (kattis when it names none, or names one
    wrongly: loading the package reports that)."""
    from sandbox.package import read_yaml_quietly  # (sandbox.package imports this module)

    conf = read_yaml_quietly(root / SOLVER_FILE)
    try:
        return check_grading(conf.get("grading") if isinstance(conf, dict) else None)
    except ValueError:
        return KATTIS


def check_grading(value: Any) -> str:
    """The `grading` value of `.solver.yaml`; ValueError naming the known ones otherwise."""
    if value is None:
        return KATTIS
    if value not in GRADINGS:
        raise ValueError(f"`grading` must be one of {', '.join(GRADINGS)}, got {value!r}")
    return str(value)
