"""Functional (LeetCode-style) problems: the solution is a method of `class Solution`.

A test's input is the method's arguments, one JSON value per line; its answer is the JSON
return value. A submission is judged like any other program: it is wrapped in a harness that
execs it, reads the arguments from stdin, calls the method and prints the JSON of the result,
so the sandbox, limits and verdicts are those of every other run. The value checker then
compares the printed value with the answer as values (floats within the problem's tolerance).
The on-disk form is described in docs/functional.md.
"""

from __future__ import annotations

import ast
import json
import math
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sandbox import grading, harness
from sandbox.checkers import CheckResult, OutputFlags
from sandbox.languages import (
    CompileResult,
    Python3,
    UnsupportedLanguage,
    compile_source,
    language_for,
    single_source,
)
from sandbox.package import PackageError, YamlTooLarge, load_package_yaml
from sandbox.verdict import Verdict

FUNCTIONAL_FILE = "functional.yaml"
STARTER_FILE = "starter.py"
_SHOW = 60


class FunctionalError(PackageError):
    """A malformed functional.yaml (the message names the problem and the file)."""


@dataclass(frozen=True)
class FunctionalSpec:
    method: str
    """The method of `class Solution` that the tests call."""
    starter_code: str = ""


def spec_of(root: Path) -> FunctionalSpec | None:
    """The package's functional spec, or None for a stdin/stdout problem."""
    path = root / FUNCTIONAL_FILE
    if not path.is_file():
        return None
    try:
        data = load_package_yaml(path)
    except (yaml.YAMLError, UnicodeDecodeError, YamlTooLarge, RecursionError, OSError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FunctionalError(f"{root.name}: {FUNCTIONAL_FILE}: not valid YAML: {why}") from None
    method = data.get("method") if isinstance(data, dict) else None
    if not isinstance(method, str) or not method.isidentifier():
        raise FunctionalError(
            f"{root.name}: {FUNCTIONAL_FILE}: `method` must name the "
            "method of class Solution the tests call"
        )
    starter = root / STARTER_FILE
    return FunctionalSpec(method, starter.read_text() if starter.is_file() else "")


# The names LeetCode's Python environment has without imports (List, defaultdict, heapq...).
PRELUDE = (
    "from typing import *\nfrom collections import *\nfrom itertools import *\n"
    "from functools import *\nfrom heapq import *\nfrom bisect import *\n"
    "import math, heapq, bisect, itertools, functools, collections, string, re, sys\n"
    "inf = math.inf\n"
)

# JSON, with tuples as lists, for the judge's own checker (`parse_value`).
_JSON_ENCODER = """
def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _encode(result):
    try:
        return _json.dumps(_plain(result), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise SystemExit("the return value is not a JSON value: " + str(exc))
"""


def wrap(code: str, method: str) -> str:
    """A stdin/stdout program that runs `code`'s `Solution().<method>` on the test's
    arguments and prints its return value as JSON."""
    return harness.wrap(code, method, prelude=PRELUDE, encoder=_JSON_ENCODER)


def defines_solution(code: str) -> bool:
    return re.search(r"^class\s+Solution\b", code, re.M) is not None


def compile_submission(root: Path, source: Path, *, python: str | None = None) -> CompileResult:
    """Build a submission for the package at `root`: as it is for stdin/stdout problems,
    wrapped in the harness for functional ones (which take Python 3 only)."""
    spec = spec_of(root)
    lcb = grading.grading_of(root) == grading.LIVECODEBENCH
    if spec is None:
        if not (lcb and source.is_file() and source.suffix == ".py"):
            return compile_source(source, python=python)
        # LiveCodeBench's surroundings (prelude, recursion limit, exit status): docs/batch.md
        with tempfile.TemporaryDirectory(prefix="solver-graded-") as tmp:
            surrounded = Path(tmp) / source.name
            surrounded.write_text(grading.surround(source.read_text(errors="replace")))
            return compile_source(surrounded, python=python)
    main = single_source(source)
    if not isinstance(language_for(main), Python3):
        raise UnsupportedLanguage(
            f"{main.name}: a functional problem takes a Python 3 class Solution"
        )
    with tempfile.TemporaryDirectory(prefix="solver-functional-") as tmp:
        wrapped = Path(tmp) / main.name
        wrapper = grading.wrap_functional if lcb else wrap
        wrapped.write_text(wrapper(main.read_text(errors="replace"), spec.method))
        return compile_source(wrapped, python=python)


# ---- comparing values --------------------------------------------------------------------


@dataclass(frozen=True)
class ValueChecker:
    """The printed JSON value against the answer's: same structure, equal strings (case
    counts), equal numbers (within the float tolerance flags when given), booleans never equal
    to numbers."""

    flags: OutputFlags = field(default_factory=OutputFlags)

    def check(
        self, input_file: Path, answer_file: Path, output: bytes, args: Sequence[str] = ()
    ) -> CheckResult:
        flags = OutputFlags.parse(args) if args else self.flags
        expected = parse_value(answer_file.read_bytes())
        if expected is _NOT_A_VALUE:
            return CheckResult(Verdict.JE, "the answer file is not a JSON value")
        got = parse_value(output)
        if got is _NOT_A_VALUE:
            text = output.decode(errors="replace").strip()
            return CheckResult(Verdict.WA, f"output is not a JSON value: {_show(text)}")
        where = _difference(got, expected, flags, "")
        if where is None:
            return CheckResult(Verdict.AC)
        return CheckResult(Verdict.WA, where)


_NOT_A_VALUE = object()


def parse_value(data: bytes) -> Any:
    """JSON, or else a Python literal (`True`, `None`, `(1, 2)`, `'a'`): what the harness
    prints is always JSON, but a model's predicted return value or a stdin brute force may
    be written the Python way, and means the same value."""
    # Nesting deeper than the parsers recurse (JSON 200,000 deep) is no value either: the
    # program's fault (WA), never an exception that reads as the judge failing.
    try:
        return json.loads(data)
    except (ValueError, RecursionError, MemoryError):
        pass
    try:
        return _plain(ast.literal_eval(data.decode("utf-8").strip()))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_A_VALUE


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset, bytes, complex)) or value is Ellipsis:
        raise ValueError("not a JSON value")
    return value


def _show(value: Any) -> str:
    try:
        text = value if isinstance(value, str) else json.dumps(value, default=repr)
    except (RecursionError, ValueError):  # nested deeper than the encoder goes
        text = f"a {type(value).__name__} nested too deep to show"
    return text if len(text) <= _SHOW else text[:_SHOW] + "..."


def _difference(got: Any, expected: Any, flags: OutputFlags, path: str) -> str | None:
    """Where `got` differs from `expected` (a message), or None when they are equal. Walks
    both values with a stack of its own, not by recursion: a program's value as deep as the
    JSON parser allows must not exhaust the judge's."""
    pending: list[tuple[Any, Any, str]] = [(got, expected, path)]
    while pending:
        got, expected, path = pending.pop()
        at = f" at {path}" if path else ""
        if isinstance(expected, bool) or isinstance(got, bool):
            if got is expected:
                continue
        elif isinstance(expected, (int, float)) and isinstance(got, (int, float)):
            if _numbers_equal(got, expected, flags):
                continue
        elif isinstance(expected, list) and isinstance(got, list):
            if len(got) != len(expected):
                return f"expected a list of {len(expected)}{at}, got {len(got)} elements"
            # Pushed last to first: compared first to last, as written.
            pending += [(got[i], expected[i], f"{path}[{i}]") for i in reversed(range(len(got)))]
            continue
        elif isinstance(expected, dict) and isinstance(got, dict):
            if set(got) != set(expected):
                return f"expected keys {_show(sorted(expected))}{at}, got {_show(sorted(got))}"
            pending += [(got[k], expected[k], f"{path}[{k!r}]") for k in reversed(expected)]
            continue
        elif type(got) is type(expected) and got == expected:
            continue
        return f"expected {_show(expected)}{at}, got {_show(got)}"
    return None


def _numbers_equal(got: float, expected: float, flags: OutputFlags) -> bool:
    if got == expected:
        return True
    try:
        # An integer too large for a float (JSON has no bound on digits) is no float's match.
        finite = math.isfinite(got) and math.isfinite(expected)
        diff = abs(got - expected) if finite else math.inf
    except OverflowError:
        return False
    if not flags.floats or not finite:
        return False
    return (
        flags.float_absolute_tolerance is not None and diff <= flags.float_absolute_tolerance
    ) or (
        flags.float_relative_tolerance is not None
        and diff <= flags.float_relative_tolerance * abs(expected)
    )
