"""One test of a submission: run it, then check its output (or let the interactor judge it)."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.checkers import Checker
from sandbox.interactive import Interactor
from sandbox.languages import Program
from sandbox.limits import Limits
from sandbox.package import TestCase
from sandbox.runner import Cancel
from sandbox.verdict import Verdict


@dataclass(frozen=True)
class TestResult:
    name: str
    verdict: Verdict
    time_s: float
    memory_mib: float
    message: str = ""
    wall_time_s: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "verdict": self.verdict.value,
            "time_s": round(self.time_s, 4),
            "memory_mib": round(self.memory_mib, 2),
            "message": self.message,
        }


def run_test(
    program: Program,
    test: TestCase,
    limits: Limits,
    checker: Checker,
    *,
    cancel: Cancel | None = None,
) -> TestResult:
    """`cancel` stops the run (both sides of an interactive one): the result is then JE."""
    if isinstance(checker, Interactor):
        talk = checker.interact(
            program, test.input, test.answer, limits, test.validator_args, cancel=cancel
        )
        return TestResult(
            test.name, talk.verdict, talk.time_s, talk.memory_mib, talk.message, talk.wall_time_s
        )
    run = program.run(limits, stdin=test.input, cancel=cancel)
    if run.verdict is not Verdict.OK:
        message = run.message
        if run.verdict is Verdict.RTE:
            tail = run.stderr.decode(errors="replace").strip().splitlines()[-1:]
            message = f"{message}: {tail[0]}" if tail else message
        return TestResult(
            test.name, run.verdict, run.cpu_time_s, run.memory_mib, message, run.wall_time_s
        )
    checked = checker.check(test.input, test.answer, run.stdout, test.validator_args)
    return TestResult(
        test.name, checked.verdict, run.cpu_time_s, run.memory_mib, checked.message, run.wall_time_s
    )
