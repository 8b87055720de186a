"""Functional (LeetCode-style) problems on the loop's side: what the model is shown, and how a
candidate `class Solution` becomes a program the sandbox runs on the tests' stdin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox import grading
from sandbox.functional import FunctionalSpec, defines_solution, wrap

if TYPE_CHECKING:
    from solver.task import Task


def statement_section(spec: FunctionalSpec) -> str:
    """Appended to the statement the model reads: the starter code, as LiveCodeBench shows
    it, and how the tests call the method."""
    starter = spec.starter_code.strip() or f"class Solution:\n    def {spec.method}(self):\n"
    return (
        "\n\n## Starter code\n\n"
        "This problem is solved by a function, not by a program that reads standard "
        f"input: complete the method `{spec.method}` of `class Solution`. You will use the "
        "following starter code to write the solution to the problem and enclose your "
        f"code within delimiters.\n\n```python\n{starter}\n```\n\n"
        "Each test gives the method's arguments one JSON value per line, and its expected "
        "return value as JSON.\n"
    )


def runnable(task: Task, code: str, *, graded: bool = True) -> str:
    """What the sandbox runs for a model-written program: for a functional task, a program
    that defines `class Solution` is wrapped in the harness that calls its method on the
    test's arguments; anything else (a validator, a stdin brute force) runs as written.

    In a package graded by LiveCodeBench's rules, a `graded` program (a candidate or a brute
    force, not an input validator, whose exit status is its verdict) runs the way the final
    judge runs it: with LiveCodeBench's surroundings (sandbox/grading.py)."""
    spec = getattr(task, "functional", None)
    package = getattr(task, "package", None)
    lcb = graded and package is not None and package.grading == grading.LIVECODEBENCH
    if spec is not None and defines_solution(code):
        return grading.wrap_functional(code, spec.method) if lcb else wrap(code, spec.method)
    return grading.surround(code) if lcb else code
