"""The self-verifying loop: draft, tests, predict, run, compare, repair.

`Loop.solve` reads top to bottom as the design describes it. Each stage is one method; the
model is reached only through `ModelClient`, programs only through the sandbox.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sandbox import traces
from sandbox.languages import Program, compile_source
from sandbox.limits import Limits
from sandbox.verdict import RunResult, Verdict
from solver import inputs, parse, prompts
from solver import predict as world
from solver.client import ModelClient, ModelFailed
from solver.functional import runnable
from solver.prompts import Failure, Prompt
from solver.report import (
    REPORT_VERSION,
    Candidate,
    Disagreement,
    Event,
    LoopTest,
    RoundRecord,
    RunRecord,
)
from solver.task import Task

T = TypeVar("T")
SIZES = (("tiny", 4), ("small", 6), ("large", 2))


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


@dataclass
class Score:
    """How one candidate fares against the tests and the oracles."""

    candidate: str
    samples_passed: int = 0
    samples: int = 0
    agreements: int = 0
    failures: list[tuple[LoopTest, RunRecord, str | None, str, tuple[str, ...]]] = \
        field(default_factory=list)
    """(test, run, expected output, who says so, who agrees with the candidate)."""

    @property
    def verified(self) -> bool:
        return not self.failures and self.samples_passed == self.samples

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.samples_passed, self.agreements, -len(self.failures))

    def to_json(self) -> dict[str, int]:
        return {"samples_passed": self.samples_passed, "samples": self.samples,
                "agreements": self.agreements, "failures": len(self.failures)}


@dataclass
class Outcome:
    verified: bool
    best: Candidate | None
    score: Score | None
    stop_reason: str


@dataclass
class Loop:
    task: Task
    client: ModelClient
    budget: Budget = Budget()
    jobs: int = 1
    model_concurrency: int = 4
    progress: Callable[[str], None] = lambda _msg: None

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
    failed_attempts: int = 0
    started: float = field(default_factory=time.monotonic)
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="solver-loop-")))

    # ---- the loop -------------------------------------------------------------------------

    def solve(self) -> Outcome:
        try:
            return self._solve()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def _solve(self) -> Outcome:
        self.timed("draft", self.draft)
        self.timed("tests", self.make_tests)
        self.timed("predict", self.predict)
        best: Score | None = None
        for number in range(1, self.budget.rounds + 1):
            record = RoundRecord(number)
            self.rounds.append(record)
            round_start = time.monotonic()
            if number > 1:
                if best is None:
                    record.action = "draft again"
                    self.timed("draft", self.draft)
                else:
                    record.action = f"repair {best.candidate}"
                    self.timed("repair", lambda b=best, n=number: self.repair(b, n))
            self.timed("run", self.run)
            scores = self.timed("compare", lambda n=number: self.compare(n))
            record.scores = {s.candidate: s.to_json() for s in scores}
            if scores:
                best = max(scores, key=lambda s: (s.key, int(s.candidate[1:])))
                record.best = best.candidate
            record.seconds = time.monotonic() - round_start
            if best is not None and best.verified:
                return Outcome(True, self.candidate(best.candidate), best, "verified")
            reason = self.out_of_budget()
            if reason:
                return self._unverified(best, reason)
        return self._unverified(best, f"{self.budget.rounds} rounds spent")

    def interrupted(self, reason: str) -> Outcome:
        """What was found before the loop was stopped from outside (kept, never lost)."""
        best = next((r.best for r in reversed(self.rounds) if r.best), None)
        cand = self.candidate(best) if best else (self.candidates[-1] if self.candidates
                                                  else None)
        return Outcome(False, cand, None, reason)

    def _unverified(self, best: Score | None, reason: str) -> Outcome:
        return Outcome(False, self.candidate(best.candidate) if best else None, best, reason)

    # ---- draft ----------------------------------------------------------------------------

    def draft(self) -> None:
        for _ in range(self.budget.candidates):
            code = self.ask(prompts.draft(self.task.statement, self.client.config),
                            parse.python_code, "code")
            if code is not None:
                self.add_candidate(code, "draft")

    # ---- tests ----------------------------------------------------------------------------

    def make_tests(self) -> None:
        for sample in self.task.samples:
            self.add_test(sample.name, "sample", "", sample.input, truth=sample.output)
        config = self.client.config
        edge = self.ask(prompts.edge_cases(self.task.statement, config),
                        lambda text: parse.input_blocks(text) or None, "inputs") or []
        self.generator_code = self.ask(prompts.generator(self.task.statement, config),
                                       _defines("inputs"), "code")
        generated: list[tuple[str, str]] = []
        if self.generator_code is not None:
            for size, count in SIZES:
                drawn = inputs.draw(self.generator_code, size, count)
                if drawn.ok and isinstance(drawn.value, list):
                    generated += [(size, str(text)) for text in drawn.value]
                else:
                    self.note("tests", f"the generator failed for size {size}: {drawn.error}")
        self.validator_code = self.ask(prompts.validator(self.task.statement, config),
                                       parse.python_code, "code")
        accept = self.input_filter()
        candidates = [("edge", "", text) for text in edge]
        candidates += [("generated", size, text) for size, text in generated]
        seen = {t.input for t in self.tests}
        rejected = 0
        for origin, size, text in candidates:
            if text in seen:
                continue
            if not accept(text):
                rejected += 1
                continue
            seen.add(text)
            count = sum(1 for t in self.tests if t.origin == origin and t.size == size) + 1
            name = f"{origin}/{size}-{count}" if size else f"{origin}/{count}"
            self.add_test(name, origin, size, text)
        if rejected:
            self.note("tests", f"{rejected} input(s) rejected by the input validators")

    def input_filter(self) -> Callable[[str], bool]:
        """A function telling whether an input is valid, by the package's input validators
        (exit 42) and the model's (exit 0). A model validator that rejects a sample is wrong
        and is not used."""
        checks: list[tuple[Program, int]] = [(p, 42) for p in self.task.input_validators]
        if self.validator_code is not None:
            program = self.build(self.validator_code, "validator")
            if program is not None:
                if all(self.valid(program, 0, s.input) for s in self.task.samples):
                    checks.append((program, 0))
                else:
                    self.note("tests", "the model's input validator rejects a sample: not used")
        return lambda text: all(self.valid(p, code, text) for p, code in checks)

    def valid(self, program: Program, accept_code: int, text: str) -> bool:
        path = self.work / "validate.in"
        path.write_text(text)
        run = program.run(Limits(time_s=10, memory_mib=1024), stdin=path)
        return run.exit_code == accept_code

    # ---- predict --------------------------------------------------------------------------

    def predict(self) -> None:
        """Two independent oracles for every small test: the model reasoning about the
        statement (majority of several predictions), and a brute-force reference run in the
        sandbox."""
        small = [t for t in self.tests if t.truth is None and not t.large]
        self.brute_code = self.ask(prompts.brute(self.task.statement, self.client.config),
                                   parse.python_code, "code")
        if self.brute_code is not None:
            self.run_brute(small)
        with ThreadPoolExecutor(max_workers=self.model_concurrency) as pool:
            list(pool.map(self.predict_one, small))

    def run_brute(self, tests: list[LoopTest]) -> None:
        program = self.build(self.brute_code or "", "brute")
        if program is None:
            return
        limits = Limits(time_s=max(5 * self.task.time_limit_s, 5.0),
                        memory_mib=self.task.memory_mib)
        for sample in (t for t in self.tests if t.truth is not None):
            run = program.run(limits, stdin=sample.path)
            if run.verdict is not Verdict.OK or not self.same(sample, run.stdout.decode(
                    errors="replace"), sample.truth or ""):
                self.note("predict", f"the brute-force reference fails {sample.id}: not used")
                return
        self.brute_trusted = True
        for test in tests:
            self.brute_on(program, test, limits)

    def brute_on(self, program: Program, test: LoopTest, limits: Limits) -> None:
        run = program.run(limits, stdin=test.path)
        test.brute_verdict = run.verdict.value
        if run.verdict is Verdict.OK:
            test.brute = run.stdout.decode(errors="replace")

    def predict_one(self, test: LoopTest) -> None:
        if self.out_of_budget():
            return
        prompt = prompts.predict(self.task.statement, test.input, self.client.config)
        try:
            replies = self.client.chat(prompt.stage, prompt.messages, n=self.budget.predictions,
                                       prefill_think=prompt.prefill_think)
        except ModelFailed as exc:
            self.note("predict", str(exc))
            return
        test.predictions = [o for r in replies if (o := parse.output_block(r.answer))]
        test.predicted, test.votes = parse.majority(test.predictions)
        if test.predictions and test.predicted is None:
            self.note("predict", f"{test.id}: predictions tie, no majority")

    # ---- run ------------------------------------------------------------------------------

    def run(self) -> None:
        """Every candidate on every test it has not met yet, with the problem's limits."""
        limits = Limits(time_s=self.task.time_limit_s, memory_mib=self.task.memory_mib)
        todo = [(c, t) for c in self.candidates for t in self.tests
                if (c.id, t.id) not in self.runs]
        programs = {c.id: self.build(c.code, c.id) for c in self.candidates}

        def one(pair: tuple[Candidate, LoopTest]) -> None:
            cand, test = pair
            program = programs[cand.id]
            if program is None:
                return
            result = program.run(limits, stdin=test.path)
            self.run_walls.append(result.wall_time_s)
            self.runs[(cand.id, test.id)] = _record(cand.id, test.id, result)

        with ThreadPoolExecutor(max_workers=max(1, self.jobs)) as pool:
            list(pool.map(one, todo))

    # ---- compare --------------------------------------------------------------------------

    def compare(self, number: int) -> list[Score]:
        scores = []
        for cand in self.candidates:
            if not any((cand.id, t.id) in self.runs for t in self.tests):
                continue
            score = Score(cand.id, samples=sum(1 for t in self.tests if t.truth is not None))
            for test in self.tests:
                run = self.runs.get((cand.id, test.id))
                if run is not None:
                    self.judge_one(number, score, test, run)
            scores.append(score)
        return scores

    def judge_one(self, number: int, score: Score, test: LoopTest, run: RunRecord) -> None:
        if run.verdict != "OK":
            score.failures.append((test, run, test.truth, "the limits", ()))
            self.disagree(number, score.candidate, test, run.verdict, (), ("limits",),
                          f"{run.verdict} in {run.time_s:.2f} s")
            return
        if test.truth is not None:
            if self.same(test, run.output, test.truth):
                score.samples_passed += 1
                score.agreements += 1
            else:
                score.failures.append((test, run, test.truth, "the sample", ()))
                self.disagree(number, score.candidate, test, "wrong answer", (), ("sample",))
            return
        oracles = self.oracles(test)
        if not oracles:
            if test.large:
                score.agreements += 1  # within the limits is all a large test can show
            return
        agree = tuple(name for name, out in oracles.items() if self.same(test, run.output, out))
        against = tuple(name for name in oracles if name not in agree)
        if not against:
            score.agreements += 1
            return
        if len(oracles) == 2 and len(agree) == 1:
            # Two sources against one: the odd one out is shown wrong and dropped.
            test.dropped.append(against[0])
            self.note("compare", f"{test.id}: the {against[0]} loses to the candidate and the "
                                 f"{agree[0]} and is dropped")
            score.agreements += 1
            return
        expected_by = "brute" if "brute" in oracles else against[0]
        expected = oracles[expected_by]
        sources = _describe(oracles, test, self)
        score.failures.append((test, run, expected, sources, agree))
        self.disagree(number, score.candidate, test, "wrong answer", agree, against)

    def oracles(self, test: LoopTest) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.brute_trusted and test.brute is not None and "brute" not in test.dropped:
            found["brute"] = test.brute
        if test.predicted is not None and "prediction" not in test.dropped:
            found["prediction"] = test.predicted
        return found

    def same(self, test: LoopTest, output: str, expected: str) -> bool:
        """The problem's own checker decides, with `expected` as the answer file."""
        answer = self.work / f"answer-{abs(hash(expected))}.ans"
        if not answer.exists():
            answer.write_text(expected)
        result = self.task.checker.check(test.path, answer, output.encode())
        return result.verdict is Verdict.AC

    def disagree(self, number: int, cand: str, test: LoopTest, kind: str,
                 agree: tuple[str, ...], against: tuple[str, ...], message: str = "") -> None:
        """Record a disagreement the first time it is seen (later rounds compare every
        candidate again, since oracles may have been dropped meanwhile)."""
        if any(d.candidate == cand and d.test == test.id and d.kind == kind and
               d.disagree == against for d in self.disagreements):
            return
        self.disagreements.append(Disagreement(number, cand, test.id, kind, agree, against,
                                               message))

    # ---- repair ---------------------------------------------------------------------------

    def repair(self, score: Score, number: int) -> None:
        cand = self.candidate(score.candidate)
        failure = self.worst_failure(score, cand)
        prompt = prompts.repair(self.task.statement, cand.code, failure, self.client.config)
        code = self.ask(prompt, parse.python_code, "code")
        if code is not None:
            self.add_candidate(code, f"repair of {cand.id}", number)

    def worst_failure(self, score: Score, cand: Candidate) -> Failure:
        """The failure to show: a sample first (ground truth), then the smallest disagreeing
        input (shrunk by hypothesis when the generator made it), then limits on large
        inputs."""
        def rank(item: tuple[LoopTest, RunRecord, str | None, str, tuple[str, ...]]
                 ) -> tuple[int, int]:
            test = item[0]
            return (0 if test.truth is not None else 2 if test.large else 1, len(test.input))

        test, run, expected, sources, _agree = min(score.failures, key=rank)
        shrunk = False
        if (test.origin == "generated" and not test.large and run.verdict == "OK"
                and self.generator_code and self.brute_trusted and self.brute_code):
            found = inputs.shrink(self.generator_code, test.size,
                                  runnable(self.task, cand.code),
                                  runnable(self.task, self.brute_code),
                                  timeout_s=max(2.0, 2 * self.task.time_limit_s))
            if found.ok and isinstance(found.value, str) and found.value != test.input:
                test, run, expected = self.add_shrunk(cand, found.value)
                sources = "the brute-force reference"
                shrunk = True
        note = ""
        if run.verdict == "OK" and not test.large:
            note = self.trace_note(cand, test)
        return Failure(test.id, test.input, run.verdict if run.verdict != "OK" else "WA",
                       run.output, expected, run.stderr, sources, run.time_s,
                       self.task.time_limit_s, shrunk, note)

    def trace_note(self, cand: Candidate, test: LoopTest) -> str:
        """Show the model where its picture of its own program's execution on the failing
        input parts from reality: CWM predicts the trace and the first divergence is named;
        other models see the end of the real trace."""
        entry = "main" if re.search(r"^def main\(", cand.code, re.M) else None
        limits = Limits(time_s=self.task.time_limit_s * 5, memory_mib=self.task.memory_mib)
        if self.client.config.is_cwm:
            traced = traces.with_stdin(cand.code, test.input)
            real = traces.record(traced, entry=entry, limits=limits)
            try:
                guess = world.predicted_trace(self.client, traced, entry)
            except ModelFailed as exc:
                self.note("trace", str(exc))
                return ""
            divergence = traces.first_divergence(guess, real.trace)
            if divergence is None:
                return ""
            text = ("Tracing your program on this input (with the input built in, which adds "
                    "two lines at the top): " + divergence.sentence + ".")
            kind = "divergence"
        else:
            real = traces.record(cand.code, stdin=test.path, entry=entry, limits=limits)
            if not real.trace.frames:
                return ""
            text = ("The end of your program's real execution on this input (line, the line "
                    "about to run, locals that changed):\n```\n"
                    f"{world.excerpt(real.trace)}\n```")
            kind = "excerpt"
        self.trace_notes.append({"candidate": cand.id, "test": test.id, "kind": kind,
                                 "text": text})
        return text

    def add_shrunk(self, cand: Candidate, text: str) -> tuple[LoopTest, RunRecord, str | None]:
        count = sum(1 for t in self.tests if t.origin == "shrunk") + 1
        test = self.add_test(f"shrunk/{count}", "shrunk", "tiny", text)
        program = self.build(self.brute_code or "", "brute")
        if program is not None:
            self.brute_on(program, test, Limits(time_s=max(5 * self.task.time_limit_s, 5.0),
                                                memory_mib=self.task.memory_mib))
        self.predict_one(test)
        built = self.build(cand.code, cand.id)
        assert built is not None
        result = built.run(Limits(time_s=self.task.time_limit_s,
                                  memory_mib=self.task.memory_mib), stdin=test.path)
        record = _record(cand.id, test.id, result)
        self.runs[(cand.id, test.id)] = record
        return test, record, test.brute

    # ---- helpers --------------------------------------------------------------------------

    def ask(self, prompt: Prompt, extract: Callable[[str], T | None], kind: str) -> T | None:
        """One request; an unusable reply is asked again once, then counted as a failed
        attempt. A request that fails after its retries is a failed attempt too."""
        for attempt in (1, 2):
            if self.out_of_budget():
                return None
            try:
                replies = self.client.chat(prompt.stage, prompt.messages,
                                           prefill_think=prompt.prefill_think)
            except ModelFailed as exc:
                self.note(prompt.stage, str(exc))
                self.failed_attempts += 1
                return None
            reply = replies[0] if replies else None
            value = extract(reply.answer) if reply is not None else None
            if value is not None:
                return value
            why = ("no reply" if reply is None else
                   "reasoning only, no answer" if not reply.reasoning_finished else
                   "truncated reply" if reply.truncated else "no usable block")
            self.note(prompt.stage, f"unusable reply ({why})"
                      + (", asking again" if attempt == 1 else ""))
            prompt = prompt.followed_by(reply.answer if reply and reply.answer else "(no answer)",
                                        prompts.REASK[kind])
        self.failed_attempts += 1
        return None

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

    def add_test(self, name: str, origin: str, size: str, text: str,
                 truth: str | None = None) -> LoopTest:
        path = self.work / "tests" / f"{len(self.tests):04}.in"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        path.chmod(0o644)
        test = LoopTest(name, origin, size, text, path, truth)
        self.tests.append(test)
        return test

    def build(self, code: str, name: str) -> Program | None:
        path = self.work / "build" / f"{name}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text(runnable(self.task, code))
        built = compile_source(path)
        if built.program is None:
            self.note("run", f"{name} does not compile: {built.message.splitlines()[:1]}")
        return built.program

    def note(self, stage: str, what: str) -> None:
        self.events.append(Event(stage, what))
        self.progress(f"{stage}: {what}")

    def timed(self, stage: str, fn: Callable[[], T]) -> T:
        self.progress(f"round {max(1, len(self.rounds))}: {stage}")
        start = time.monotonic()
        try:
            return fn()
        finally:
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + \
                time.monotonic() - start

    def out_of_budget(self) -> str:
        if self.client.total_tokens >= self.budget.tokens:
            return f"token budget of {self.budget.tokens} spent"
        if time.monotonic() - self.started >= self.budget.seconds:
            return f"time budget of {self.budget.seconds:g} s spent"
        return ""


    def report(self, outcome: Outcome) -> dict[str, object]:
        """The JSON report (schema in docs/protocol.md)."""
        return {
            "version": REPORT_VERSION,
            "problem": self.task.name,
            "model": self.client.config.model,
            "base_url": self.client.config.base_url,
            "verified": outcome.verified,
            "stop_reason": outcome.stop_reason,
            "solution": outcome.best.id if outcome.best else None,
            "score": outcome.score.to_json() if outcome.score else None,
            "time_limit_s": self.task.time_limit_s,
            "memory_mib": self.task.memory_mib,
            "budget": {"rounds": self.budget.rounds, "tokens": self.budget.tokens,
                       "seconds": self.budget.seconds, "candidates": self.budget.candidates,
                       "predictions": self.budget.predictions},
            "rounds": [r.to_json() for r in self.rounds],
            "candidates": [c.to_json() for c in self.candidates],
            "tests": [t.to_json() for t in self.tests],
            "runs": [r.to_json() for r in self.runs.values()],
            "disagreements": [d.to_json() for d in self.disagreements],
            "events": [e.to_json() for e in self.events],
            "oracles": {"generator": self.generator_code, "validator": self.validator_code,
                        "brute": self.brute_code, "brute_trusted": self.brute_trusted},
            "trace_notes": self.trace_notes,
            "failed_attempts": self.failed_attempts,
            "usage": {stage: u.to_json() for stage, u in self.client.usage.items()},
            "tokens": self.client.total_tokens,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "sandbox_run_seconds": round(sum(self.run_walls), 3),
            "seconds": round(time.monotonic() - self.started, 3),
        }


def _record(cid: str, tid: str, result: RunResult) -> RunRecord:
    return RunRecord(cid, tid, result.verdict.value, result.cpu_time_s, result.memory_mib,
                     result.stdout.decode(errors="replace"),
                     result.stderr.decode(errors="replace"))


def _defines(name: str) -> Callable[[str], str | None]:
    def extract(text: str) -> str | None:
        code = parse.python_code(text)
        return code if code is not None and f"def {name}" in code else None
    return extract


def _describe(oracles: dict[str, str], test: LoopTest, loop: Loop) -> str:
    if len(oracles) == 2:
        if loop.same(test, oracles["prediction"], oracles["brute"]):
            return "the brute-force reference and the predicted output agree"
        return "the brute-force reference; the predicted output differs from both"
    name = next(iter(oracles))
    return "the brute-force reference" if name == "brute" else \
        f"the model's predicted output ({test.votes} of {len(test.predictions)} predictions)"
