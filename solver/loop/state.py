"""What every stage of the loop shares: its context (`LoopContext`: the problem, the budget,
the model and the sandbox, set once), the records so far (`LoopRecords`), and the helpers that
reach the model and the sandbox (asking again on an unusable reply, retrying a judge error once).

Stages are functions of a `LoopState` in their own modules; `driver.Loop` names them in order.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sandbox.languages import Program
from sandbox.limits import Limits
from sandbox.verdict import RunResult, Verdict
from solver import parse, prompts
from solver.bounds import Bound, Reach
from solver.client import ModelFailed
from solver.errors import SolverError
from solver.functional import runnable
from solver.loop.interfaces import JudgeSandbox, Model, Sandbox
from solver.prompts import Prompt
from solver.report import (
    Alternative,
    Candidate,
    Disagreement,
    Event,
    LoopTest,
    RoundRecord,
    RunRecord,
)
from solver.task import Task

if TYPE_CHECKING:  # the stages' own records; their modules import this one
    from solver.loop.stress import StressRecord
    from solver.loop.timing import TimingRecord

T = TypeVar("T")


class JudgeFailure(SolverError):
    """The sandbox failed twice for a reason outside the program (exit code 3)."""

    exit_code = 3


@dataclass(frozen=True)
class Budget:
    rounds: int = 5
    """Evaluation rounds; every round after the first starts with a repair."""
    tokens: int = 500_000
    seconds: float = 1800.0
    candidates: int = 1
    """Drafts written at the start."""
    predictions: int = 3
    """Model predictions per test, for the majority vote."""
    stress_seconds: float = 120.0
    """Wall-clock safety cap on the differential search against a trusted brute force, per
    candidate (docs/protocol.md says why 120 s)."""
    generator_seconds: float = 60.0
    """Wall time for drawing inputs from the model's generator, all sizes together."""
    time_margin: float = 0.2
    """At the maximum sizes a candidate must use at most (1 - margin) of the time limit."""
    stress_comparisons: int = 500
    """Stress comparisons planned per candidate: the search is budgeted in comparisons, so a
    loaded machine gives the same assurance, only later (`stress_seconds` is then a safety
    cap, reported as weak evidence when it stops the search first)."""
    alternatives: int = 1
    """Independent fast solutions asked for (the `alt` stage), oracles at every size; 0 turns
    them off."""


@dataclass
class Miss:
    """One reason a candidate is not verified on one test."""

    test: LoopTest
    run: RunRecord
    expected: str | None
    sources: str
    """Who says `expected` is right, as the repair prompt words it."""
    agree: tuple[str, ...] = ()
    kind: str = "wrong answer"
    """`wrong answer`, a run verdict (TLE, RTE, MLE, OLE), or `slow` (within the limit but
    not within the safety margin)."""
    note: str = ""
    """More for the repair prompt (two oracles that disagree, a timing curve)."""


@dataclass
class Score:
    """How one candidate fares against the tests and the oracles."""

    candidate: str
    samples_passed: int = 0
    samples: int = 0
    agreements: int = 0
    failures: list[Miss] = field(default_factory=list)
    oracle_agreement: dict[str, list[int]] = field(default_factory=dict)
    """Per oracle (samples, brute, prediction): [tests it judged, tests the candidate met]."""

    @property
    def verified(self) -> bool:
        return not self.failures and self.samples_passed == self.samples

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.samples_passed, self.agreements, -len(self.failures))

    def count(self, oracle: str, agreed: bool) -> None:
        tally = self.oracle_agreement.setdefault(oracle, [0, 0])
        tally[0] += 1
        tally[1] += int(agreed)

    def to_json(self) -> dict[str, int]:
        return {
            "samples_passed": self.samples_passed,
            "samples": self.samples,
            "agreements": self.agreements,
            "failures": len(self.failures),
        }


@dataclass
class Outcome:
    verified: bool
    best: Candidate | None
    score: Score | None
    stop_reason: str


def normalised(code: str) -> str:
    """Code compared for identity: whitespace runs collapsed, ends stripped."""
    return re.sub(r"\s+", " ", code).strip()


@dataclass
class LoopContext:
    """What the loop is given, set once when it is made: the problem, the budget, the model
    and the sandbox it works through, how many runs at a time, whom it tells of its progress,
    its work folder and when it started."""

    task: Task
    client: Model
    budget: Budget = Budget()
    jobs: int = 1
    model_concurrency: int = 4
    progress: Callable[[str], None] = lambda _msg: None
    sandbox: Sandbox = field(default_factory=JudgeSandbox)
    started: float = field(default_factory=time.monotonic)
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="solver-loop-")))


CONTEXT = frozenset(f.name for f in fields(LoopContext))


@dataclass
class LoopRecords:
    """What the stages have found so far (the report is made of these)."""

    tests: list[LoopTest] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    runs: dict[tuple[str, str], RunRecord] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    rounds: list[RoundRecord] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    run_walls: list[float] = field(default_factory=list)
    trace_notes: list[dict[str, str]] = field(default_factory=list)
    generator_code: str | None = None
    validator_code: str | None = None
    brute_code: str | None = None
    brute_trusted: bool = False
    alternatives: list[Alternative] = field(default_factory=list)
    """The `alt` stage's independent fast solutions (trusted or not, and why)."""
    tie_breaker_asked: bool = False
    """Whether the one extra alternative for oracles in conflict was asked for
    (`alt.tie_breaker`)."""
    checked: dict[tuple[int, int, int], bool] = field(default_factory=dict)
    """The checker's verdicts by (input, output, expected), hashed (`same`)."""
    separated: set[tuple[str, str]] = field(default_factory=set)
    """(candidate, oracle) pairs a separating input was already searched for."""
    failed_attempts: int = 0
    accept: Callable[[str], bool] = lambda _text: True
    """Whether an input passes the input validators (set by the tests stage)."""
    model_validator: Program | None = None
    generator_failed: set[str] = field(default_factory=set)
    """Sizes the generator failed or timed out for (not drawn again for stress testing)."""
    max_missing: str = ""
    """Why no input reached the maximum constraints ('' when one did)."""
    worst_points: dict[float, list[str]] = field(default_factory=dict)
    """The generator's `worst_cases(scale)` inputs by scale below 1 (timing curve only)."""
    skipped: dict[str, str] = field(default_factory=dict)
    """Checks that could not be made, by name, and why."""
    stress: dict[str, StressRecord] = field(default_factory=dict)
    """Per candidate: comparisons made, inputs by size, counterexample found."""
    stress_pool: dict[str, list[str]] | None = None
    """Inputs drawn for stress testing, by size (drawn once, shared by every candidate)."""
    prediction_check: str | None = None
    """Once predictions first stand against a trusted brute force: "" when the model predicts
    every sample right, else why its predictions lose to the brute force."""
    timing: dict[str, TimingRecord] = field(default_factory=dict)
    """Per candidate: the time curve, its growth, the stated complexity."""
    scores: dict[str, Score] = field(default_factory=dict)
    interactor: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    """Interactive problems: per (candidate, test), the interactor's verdict (AC, WA; '' when
    the candidate's own run failed first) and its judge message."""
    bounds: list[Bound] = field(default_factory=list)
    """The input's stated bounds (statement and model: solver/bounds.py)."""
    reach: Reach | None = None
    """How close the largest input came to the largest size bound."""


@dataclass
class LoopState(LoopRecords, LoopContext):
    """The context and the records, with the helpers every stage uses. Made as a
    `LoopContext` is (`LoopState(task, client, budget, ...)`); the context cannot be changed
    afterwards, the records are the stages' to fill."""

    def __post_init__(self) -> None:
        self.__dict__["_made"] = True

    def __setattr__(self, name: str, value: object) -> None:
        if name in CONTEXT and "_made" in self.__dict__:
            raise AttributeError(f"{name} is the loop's context: set once, when it is made")
        super().__setattr__(name, value)

    # ---- the model --------------------------------------------------------------------------

    def ask(self, prompt: Prompt, extract: Callable[[str], T | None], kind: str) -> T | None:
        """One request; an unusable reply is asked again once, then counted as a failed
        attempt. A request that fails after its retries is a failed attempt too."""
        for attempt in (1, 2):
            if self.out_of_budget():
                return None
            try:
                replies = self.client.chat(
                    prompt.stage, prompt.messages, prefill_think=prompt.prefill_think
                )
            except ModelFailed as exc:
                self.note(prompt.stage, str(exc))
                self.failed_attempts += 1
                return None
            reply = replies[0] if replies else None
            value = extract(reply.answer) if reply is not None else None
            if value is not None:
                return value
            why = (
                "no reply"
                if reply is None
                else "reasoning only, no answer"
                if not reply.reasoning_finished
                else "truncated reply"
                if reply.truncated
                else "no usable block"
            )
            self.note(
                prompt.stage, f"unusable reply ({why})" + (", asking again" if attempt == 1 else "")
            )
            prompt = prompt.followed_by(
                reply.answer if reply and reply.answer else "(no answer)", prompts.REASK[kind]
            )
        self.failed_attempts += 1
        return None

    def shaped(self, prompt: Prompt, kind: str) -> Prompt:
        """`prompt` with the interactive note for `kind` (`solution` or `tests`) when the
        problem is interactive."""
        return prompts.interactive(prompt, kind) if self.task.interactive else prompt

    def ask_optional(self, prompt: Prompt, extract: Callable[[str], T | None]) -> T | None:
        """A request for something the loop can do without (a newer stage that a model
        speaking an older protocol may not answer): one try, never a failed attempt."""
        if self.out_of_budget():
            return None
        try:
            replies = self.client.chat(
                prompt.stage, prompt.messages, prefill_think=prompt.prefill_think
            )
        except ModelFailed as exc:
            self.note(prompt.stage, str(exc))
            return None
        return extract(replies[0].answer) if replies else None

    # ---- the sandbox ------------------------------------------------------------------------

    def build(self, code: str, name: str) -> Program | None:
        """The program for `code`, or None when it does not compile. A build found in the
        cache is checked before use; a judge error is retried once."""
        path = self.work / "build" / f"{name}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text(runnable(self.task, code, graded=name != "validator"))
        for attempt in (1, 2):
            built = self.sandbox.compile(path)
            if built.program is not None and not self.sandbox.intact(built.program):
                shutil.rmtree(built.program.directory, ignore_errors=True)
                built = self.sandbox.compile(path)
            if built.verdict is not Verdict.JE and (
                built.program is None or self.sandbox.intact(built.program)
            ):
                break
            if attempt == 2:
                raise JudgeFailure(f"judge error building {name}: {built.message}")
            self.note("run", f"judge error building {name} ({built.message}); retrying")
        if built.program is None:
            self.note("run", f"{name} does not compile: {built.message.splitlines()[:1]}")
        return built.program

    def execute(
        self, program: Program, limits: Limits, stdin: Path, who: str, code: str | None = None
    ) -> RunResult:
        """One sandboxed run. A judge error (a build that vanished, a sandbox that could not
        start) is never the program's: rebuilt and retried once, then the loop stops."""
        result = self.sandbox.run(program, limits, stdin)
        if result.verdict is not Verdict.JE:
            return result
        self.note("run", f"judge error running {who} ({result.message}); retrying")
        if code is not None and not self.sandbox.intact(program):
            rebuilt = self.build(code, who)
            program = rebuilt or program
        result = self.sandbox.run(program, limits, stdin)
        if result.verdict is Verdict.JE:
            raise JudgeFailure(f"judge error running {who}: {result.message}")
        return result

    def driver_failed(self, error: str, what: str) -> None:
        """Driver results (generator draws, shrinking) with a judge error: retried by the
        caller once; the second one stops the loop."""
        if error.startswith("JE"):
            raise JudgeFailure(f"judge error in {what}: {error}")

    def valid(self, program: Program, accept_code: int, text: str) -> bool:
        # A file of its own: inputs are validated several at a time.
        fd, name = tempfile.mkstemp(prefix="validate-", suffix=".in", dir=self.work)
        path = Path(name)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(text)
            path.chmod(0o644)
            run = self.execute(program, Limits(time_s=10, memory_mib=1024), path, "validator")
        finally:
            path.unlink(missing_ok=True)
        return run.exit_code == accept_code

    def same(self, test: LoopTest, output: str, expected: str) -> bool:
        """The problem's own checker decides, with `expected` as the answer file. Verdicts
        are remembered: arbitration asks the same question of every test each time it
        settles, and a custom checker is a process per question."""
        key = (hash(test.input), hash(output), hash(expected))
        known = self.checked.get(key)
        if known is not None:
            return known
        answer = self.work / f"answer-{abs(hash(expected))}.ans"
        if not answer.exists():
            answer.write_text(expected)
        result = self.task.checker.check(test.path, answer, output.encode())
        if result.verdict is Verdict.JE:
            return False  # not remembered: a judge error says nothing about the outputs
        self.checked[key] = result.verdict is Verdict.AC
        return self.checked[key]

    @property
    def limits(self) -> Limits:
        return Limits(time_s=self.task.time_limit_s, memory_mib=self.task.memory_mib)

    @property
    def brute_limits(self) -> Limits:
        return Limits(time_s=max(5 * self.task.time_limit_s, 5.0), memory_mib=self.task.memory_mib)

    # ---- records ----------------------------------------------------------------------------

    def add_candidate(self, code: str, origin: str, number: int = 1) -> Candidate:
        cid = f"c{len(self.candidates) + 1}"
        path = self.work / f"{cid}.py"
        path.write_text(code)
        cand = Candidate(cid, number, origin, code, path)
        self.candidates.append(cand)
        self.progress(f"candidate {cid} ({origin})")
        return cand

    def candidate(self, cid: str) -> Candidate:
        return next(c for c in self.candidates if c.id == cid)

    def same_as_earlier(self, code: str) -> Candidate | None:
        key = normalised(code)
        return next((c for c in self.candidates if normalised(c.code) == key), None)

    def add_test(
        self, name: str, origin: str, size: str, text: str, truth: str | None = None
    ) -> LoopTest:
        path = self.work / "tests" / f"{len(self.tests):04}.in"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        path.chmod(0o644)
        test = LoopTest(name, origin, size, text, path, truth)
        self.tests.append(test)
        return test

    def note(self, stage: str, what: str) -> None:
        self.events.append(Event(stage, what))
        self.progress(f"{stage}: {what}")

    def skip(self, check: str, why: str) -> None:
        if check not in self.skipped:
            self.skipped[check] = why
            self.note(check, f"skipped: {why}")

    def timed(self, stage: str, fn: Callable[[], T]) -> T:
        self.progress(f"round {max(1, len(self.rounds))}: {stage}")
        start = time.monotonic()
        try:
            return fn()
        finally:
            self.stage_seconds[stage] = (
                self.stage_seconds.get(stage, 0.0) + time.monotonic() - start
            )

    def out_of_budget(self) -> str:
        if self.client.total_tokens >= self.budget.tokens:
            return f"token budget of {self.budget.tokens} spent"
        if time.monotonic() - self.started >= self.budget.seconds:
            return f"time budget of {self.budget.seconds:g} s spent"
        return ""

    def seconds_left(self) -> float:
        return self.budget.seconds - (time.monotonic() - self.started)


def record(cid: str, tid: str, result: RunResult, wall_limit_s: float = 0.0) -> RunRecord:
    return RunRecord(
        cid,
        tid,
        result.verdict,
        result.cpu_time_s,
        result.memory_mib,
        result.stdout.decode(errors="replace"),
        result.stderr.decode(errors="replace"),
        result.wall_time_s,
        wall_limit_s,
    )


def shown_time(run: RunRecord, time_limit_s: float) -> float:
    """The time to quote for a TLE: the CPU time when it was the CPU limit that stopped the
    program, else the wall-clock limit that did (a sleeping program uses no CPU)."""
    if run.verdict is not Verdict.TLE or run.time_s >= time_limit_s:
        return run.time_s
    return max(run.wall_s, run.wall_limit_s)


def defines(name: str) -> Callable[[str], str | None]:
    def extract(text: str) -> str | None:
        code = parse.python_code(text)
        return code if code is not None and f"def {name}" in code else None

    return extract
