"""What the loop needs of a model and of a sandbox, as two small interfaces.

`LoopState` holds one of each: `solve` passes the real `ModelClient` and `JudgeSandbox` (the
sandbox package's calls, unchanged); tests pass fakes and run the whole loop in-process
(tests/test_loop_inprocess.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sandbox import traces
from sandbox.checkers import Checker
from sandbox.languages import CompileResult, Program, compile_source
from sandbox.limits import Limits
from sandbox.package import TestCase
from sandbox.testrun import TestResult, run_test
from sandbox.traces import TraceRun
from sandbox.verdict import RunResult
from solver import inputs
from solver.client import Reply, StageUsage
from solver.config import ModelConfig
from solver.inputs import DRIVER_LIMITS, DriverResult
from solver.warm import QuickRun, run_batch


class Model(Protocol):
    """A chat model as the loop uses it: requests by stage, with usage counted by stage."""

    config: ModelConfig
    usage: dict[str, StageUsage]

    @property
    def total_tokens(self) -> int: ...

    def chat(
        self,
        stage: str,
        messages: list[dict[str, str]],
        *,
        n: int = 1,
        temperature: float | None = None,
        max_tokens: int | None = None,
        prefill_think: bool = False,
    ) -> list[Reply]: ...

    def complete(
        self,
        stage: str,
        prompt: str,
        *,
        stop: list[str] | None = None,
        max_tokens: int | None = None,
        temperature: float = 0.0,
    ) -> Reply:
        """A raw completion (CWM's execution traces, only when `config.is_cwm`)."""
        ...


class Sandbox(Protocol):
    """Where the loop's programs run: builds and runs of one program, the warm batch runner
    for stress, the hypothesis drivers over the model's generator, traces, and runs against
    an interactor. A judge error is a `JE` verdict (or a `JE...` driver error), never an
    exception: the loop decides when to retry."""

    def compile(self, source: Path) -> CompileResult: ...

    def intact(self, program: Program) -> bool:
        """Whether a (cached) build can still run: its files are all there."""
        ...

    def run(self, program: Program, limits: Limits, stdin: Path) -> RunResult: ...

    def run_batch(
        self, code: str, texts: list[str], limits: Limits, *, deadline_s: float
    ) -> list[QuickRun]:
        """The Python program `code` on each input, in order (`solver.warm.run_batch`)."""
        ...

    def draw(
        self,
        generator: str,
        size: str,
        count: int,
        *,
        limits: Limits = DRIVER_LIMITS,
        seed: int | None = None,
    ) -> DriverResult: ...

    def worst_cases(
        self, generator: str, scales: list[float], *, limits: Limits = DRIVER_LIMITS
    ) -> DriverResult: ...

    def shrink(
        self, generator: str, size: str, candidate: str, reference: str, *, timeout_s: float
    ) -> DriverResult: ...

    def slowest(
        self, generator: str, size: str, candidate: str, *, timeout_s: float, max_examples: int
    ) -> DriverResult: ...

    def trace(
        self, source: str, *, stdin: Path | None, entry: str | None, limits: Limits
    ) -> TraceRun: ...

    def interact(
        self, program: Program, case: TestCase, limits: Limits, checker: Checker
    ) -> TestResult: ...


class JudgeSandbox:
    """The real sandbox: the calls the loop made directly before it took a `Sandbox`."""

    def compile(self, source: Path) -> CompileResult:
        return compile_source(source)

    def intact(self, program: Program) -> bool:
        if not (program.directory / ".built").exists():
            return False
        source = program.source
        return (
            source is None or source.suffix != ".py" or (program.directory / source.name).exists()
        )

    def run(self, program: Program, limits: Limits, stdin: Path) -> RunResult:
        return program.run(limits, stdin=stdin)

    def run_batch(
        self, code: str, texts: list[str], limits: Limits, *, deadline_s: float
    ) -> list[QuickRun]:
        return list(run_batch(code, texts, limits, deadline_s=deadline_s))

    def draw(
        self,
        generator: str,
        size: str,
        count: int,
        *,
        limits: Limits = DRIVER_LIMITS,
        seed: int | None = None,
    ) -> DriverResult:
        return inputs.draw(generator, size, count, limits=limits, seed=seed)

    def worst_cases(
        self, generator: str, scales: list[float], *, limits: Limits = DRIVER_LIMITS
    ) -> DriverResult:
        return inputs.worst_cases(generator, scales, limits=limits)

    def shrink(
        self, generator: str, size: str, candidate: str, reference: str, *, timeout_s: float
    ) -> DriverResult:
        return inputs.shrink(generator, size, candidate, reference, timeout_s=timeout_s)

    def slowest(
        self, generator: str, size: str, candidate: str, *, timeout_s: float, max_examples: int
    ) -> DriverResult:
        return inputs.slowest(
            generator, size, candidate, timeout_s=timeout_s, max_examples=max_examples
        )

    def trace(
        self, source: str, *, stdin: Path | None, entry: str | None, limits: Limits
    ) -> TraceRun:
        return traces.record(source, stdin=stdin, entry=entry, limits=limits)

    def interact(
        self, program: Program, case: TestCase, limits: Limits, checker: Checker
    ) -> TestResult:
        return run_test(program, case, limits, checker)
