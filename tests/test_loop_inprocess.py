"""The loop's records and stages in-process: no model server, no sandbox."""

from __future__ import annotations

import io
import json
import sys
import tempfile
import threading
import time
import types
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import pytest

import solver.inputs
from sandbox.checkers import Checker
from sandbox.languages import CompileResult, Program, Python3
from sandbox.limits import Limits
from sandbox.package import TestCase as PackageCase
from sandbox.testrun import TestResult as CaseResult
from sandbox.traces import Trace, TraceRun
from sandbox.verdict import RunResult, Verdict
from solver.client import ModelFailed, Reply, StageUsage
from solver.config import ModelConfig
from solver.inputs import DRIVER_LIMITS, DriverResult
from solver.loop import Budget, Loop
from solver.loop.state import LoopContext, LoopRecords, LoopState, record
from solver.report import RunRecord
from solver.task import load_task
from solver.warm import QuickRun
from tests.conftest import write_files
from tests.scripted_model import code, input_blocks
from tests.test_loop_arbitration import POSITIVES_BRUTE
from tests.test_solve import NO_ALT, POSITIVES_ONLY, STATEMENT, script


def test_a_run_record_keeps_the_sandbox_verdict_and_writes_its_code() -> None:
    result = RunResult(Verdict.TLE, None, 9, 2.5, 2.6, 3.0, b"", b"")
    run = record("c1", "t1", result, 4.0)
    assert run.verdict is Verdict.TLE
    shown = run.to_json()
    assert type(shown["verdict"]) is str and shown["verdict"] == "TLE"
    assert json.dumps(shown["verdict"]) == '"TLE"'
    # A verdict given by its code is the same Verdict (records made by hand, tests).
    assert RunRecord("c1", "t1", "OK", 0.0, 0.0, "", "").verdict is Verdict.OK  # type: ignore[arg-type]


def test_a_timing_record_writes_the_report_fields_in_their_order() -> None:
    from solver.loop.timing import _fit

    fitted = _fit([(2, 0.03101, Verdict.OK), (100001, 0.06, Verdict.OK), (2, 0.02, Verdict.OK)])
    assert fitted.curve == [(2, 0.03101, Verdict.OK), (100001, 0.06, Verdict.OK)]
    # Measured for a repair prompt only: no max_seconds yet, as before the records were typed.
    assert json.dumps(fitted.to_json()) == json.dumps(
        {
            "curve": [[2, 0.031, "OK"], [100001, 0.06, "OK"]],
            "startup_s": 0.031,
            "exponent": None,
            "growth": "not measured",
            "stated": None,
            "stated_exponent": None,
            "mismatch": False,
        }
    )
    fitted.stated, fitted.stated_exponent = "O(n)", 1.0
    fitted.max_seconds, fitted.checked = 0.06, True
    shown = fitted.to_json()
    assert list(shown)[-4:] == ["stated", "stated_exponent", "mismatch", "max_seconds"]
    assert shown["stated"] == "O(n)" and shown["max_seconds"] == 0.06


def test_a_stress_record_writes_what_was_planned_made_and_why_it_stopped() -> None:
    from solver.loop.stress import WALL_CAP, StressRecord

    record = StressRecord(planned=500)
    record.count("tiny")
    record.count("tiny")
    record.count("small")
    record.stopped = WALL_CAP
    assert record.to_json() == {
        "planned": 500,
        "comparisons": 3,
        "by_size": {"tiny": 2, "small": 1},
        "brute_failed": 0,
        "invalid": 0,
        "counterexample": None,
        "seconds": 0.0,
        "stopped": WALL_CAP,
        "executor": "warm",
        "weak": True,
    }


# ---- the whole loop in-process: a scripted model object and a sandbox of plain processes ----


@dataclass
class FakeModel:
    """The `Model` the loop needs, answering from a script as tests/scripted_model.py does
    (per stage, a list whose last entry repeats, or a function of the request) with no HTTP."""

    script: dict[str, Any]
    config: ModelConfig = field(default_factory=lambda: ModelConfig(model="scripted-model"))
    usage: dict[str, StageUsage] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    """(stage, the last user message) of every request, in order."""
    _positions: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total_tokens(self) -> int:
        return sum(u.prompt_tokens + u.completion_tokens for u in self.usage.values())

    def chat(
        self,
        stage: str,
        messages: list[dict[str, str]],
        *,
        n: int = 1,
        temperature: float | None = None,
        max_tokens: int | None = None,
        prefill_think: bool = False,
    ) -> list[Reply]:
        with self._lock:  # predictions are asked from several threads
            user = [m["content"] for m in messages if m["role"] == "user"][-1]
            self.requests.append((stage, user))
            used = self.usage.setdefault(stage, StageUsage())
            used.requests += 1
            entry = self.script.get(stage)
            if entry is None:
                used.failures += 1
                raise ModelFailed(f"no script for stage {stage!r}")
            used.prompt_tokens += 100
            used.completion_tokens += 50 * n
            answers = []
            for _ in range(n):
                if callable(entry):
                    answers.append(entry({"messages": messages}))
                else:
                    index = self._positions.get(stage, 0)
                    self._positions[stage] = index + 1
                    answers.append(entry[min(index, len(entry) - 1)])
        return [Reply(answer, "", "stop") for answer in answers]

    def complete(
        self,
        stage: str,
        prompt: str,
        *,
        stop: list[str] | None = None,
        max_tokens: int | None = None,
        temperature: float = 0.0,
    ) -> Reply:
        raise ModelFailed("no completions endpoint in-process (asked only of CWM)")

    def stage_requests(self, stage: str) -> list[str]:
        return [user for s, user in self.requests if s == stage]


DRIVERS = Path(solver.inputs.__file__).with_name("drivers")


class InProcessSandbox:
    """The `Sandbox` the loop needs, with no isolation and no processes of its own: programs
    and the hypothesis drivers are run by `exec` in this interpreter, one at a time, with
    stdin, stdout and argv swapped in (the shrink and slow-input drivers start the programs
    they compare as processes, as they do in the sandbox). No limit is enforced: the scripted
    programs all end. CPU time is measured as wall time; traces are not recorded; no
    interactor."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def compile(self, source: Path) -> CompileResult:
        try:
            compile(source.read_text(), str(source), "exec")
        except SyntaxError as exc:
            return CompileResult(None, str(exc), verdict=Verdict.CE)
        return CompileResult(Program(Python3(), source.parent, (), source=source))

    def intact(self, program: Program) -> bool:
        return program.source is not None and program.source.exists()

    def run(self, program: Program, limits: Limits, stdin: Path) -> RunResult:
        assert program.source is not None
        return self._exec(program.source.read_text(), stdin.read_bytes())

    def run_batch(
        self, code: str, texts: list[str], limits: Limits, *, deadline_s: float
    ) -> list[QuickRun]:
        results = []
        for text in texts:
            run = self._exec(code, text.encode())
            stdout = run.stdout.decode(errors="replace")
            results.append(QuickRun(run.verdict.value, stdout, run.cpu_time_s, run.message))
        return results

    def draw(
        self,
        generator: str,
        size: str,
        count: int,
        *,
        limits: Limits = DRIVER_LIMITS,
        seed: int | None = None,
    ) -> DriverResult:
        spec: dict[str, object] = {"size": size, "count": count}
        if seed is not None:
            spec["seed"] = seed
        return self._driver("draw.py", {"generator.py": generator}, spec)

    def worst_cases(
        self, generator: str, scales: list[float], *, limits: Limits = DRIVER_LIMITS
    ) -> DriverResult:
        spec = {"scales": scales, "per_scale": 4}
        return self._driver("worst.py", {"generator.py": generator}, spec)

    def shrink(
        self, generator: str, size: str, candidate: str, reference: str, *, timeout_s: float
    ) -> DriverResult:
        files = {"generator.py": generator, "candidate.py": candidate, "reference.py": reference}
        spec = {"size": size, "timeout": timeout_s, "max_examples": 150}
        found = self._driver("shrink.py", files, spec)
        if not found.ok or not isinstance(found.value, dict):
            return found
        return DriverResult(True, found.value.get("input"))

    def slowest(
        self, generator: str, size: str, candidate: str, *, timeout_s: float, max_examples: int
    ) -> DriverResult:
        files = {"generator.py": generator, "candidate.py": candidate}
        spec = {"size": size, "timeout": timeout_s, "max_examples": max_examples}
        return self._driver("slow.py", files, spec)

    def trace(
        self, source: str, *, stdin: Path | None, entry: str | None, limits: Limits
    ) -> TraceRun:
        return TraceRun(Trace([]), RunResult(Verdict.OK, 0, None, 0.0, 0.0, 0.0, b"", b""))

    def interact(
        self, program: Program, case: PackageCase, limits: Limits, checker: Checker
    ) -> CaseResult:
        raise AssertionError("the in-process tests solve batch problems only")

    def _exec(
        self, code: str, stdin: bytes, argv: list[str] | None = None, path: str = "<program>"
    ) -> RunResult:
        """`code` run as `__main__` on `stdin`: OK when it ends or exits 0, else RTE."""
        out, err = io.BytesIO(), io.BytesIO()
        with self._lock:
            saved = sys.stdin, sys.stdout, sys.stderr, sys.argv
            streams = (
                io.TextIOWrapper(io.BytesIO(stdin)),
                io.TextIOWrapper(out, write_through=True),
                io.TextIOWrapper(err, write_through=True),
            )
            sys.stdin, sys.stdout, sys.stderr = streams
            sys.argv = argv or [path]
            start = time.monotonic()
            code_ = 0
            try:
                exec(compile(code, path, "exec"), {"__name__": "__main__", "__file__": path})
            except SystemExit as exc:
                code_ = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            except Exception as exc:  # the program's own failure: a runtime error
                sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
                code_ = 1
            finally:
                sys.stdin, sys.stdout, sys.stderr, sys.argv = saved
                for stream in streams:
                    stream.flush()
                    stream.detach()  # a wrapper closes its buffer when it goes
            seconds = time.monotonic() - start
        verdict = Verdict.OK if code_ == 0 else Verdict.RTE
        message = "" if code_ == 0 else f"exit code {code_}"
        return RunResult(
            verdict, code_, None, seconds, seconds, 0.0, out.getvalue(), err.getvalue(), message
        )

    def _driver(self, name: str, files: dict[str, str], spec: object) -> DriverResult:
        """A driver of solver/drivers with its files beside it, `generator.py` importable."""
        with tempfile.TemporaryDirectory() as work:
            for file, text in files.items():
                (Path(work) / file).write_text(text)
            generator = types.ModuleType("generator")
            exec(compile(files["generator.py"], "generator.py", "exec"), generator.__dict__)
            sys.modules["generator"] = generator
            try:
                path = str(Path(work) / name)
                run = self._exec((DRIVERS / name).read_text(), b"", [path, json.dumps(spec)], path)
            finally:
                del sys.modules["generator"]
        if run.verdict is not Verdict.OK:
            tail = run.stderr.decode(errors="replace").strip().splitlines()[-1:]
            return DriverResult(False, None, f"RTE: {run.message}: {tail}")
        return DriverResult(True, json.loads(run.stdout))


BUDGET = Budget(rounds=3, stress_comparisons=60, alternatives=1)
"""Fewer stress comparisons than by default, to keep the tests fast."""


def solve_inprocess(
    script: dict[str, Any], statement: Path, budget: Budget = BUDGET
) -> tuple[dict[str, Any], FakeModel]:
    model = FakeModel(script)
    loop = Loop(load_task(statement), model, budget, sandbox=InProcessSandbox())
    report = loop.report(loop.solve())
    json.dumps(report)  # the report is JSON as it stands
    return report, model


@pytest.fixture
def statement(tmp_path: Path) -> Path:
    return write_files(tmp_path, {"sum.md": STATEMENT}) / "sum.md"


def test_a_right_draft_is_verified_in_process(statement: Path) -> None:
    report, model = solve_inprocess(script(), statement)
    assert report["verified"] is True and report["solution"] == "c1"
    assert report["stop_reason"] == "verified" and len(report["rounds"]) == 1
    assert report["model"] == "scripted-model"
    assert all(r["verdict"] == "OK" and type(r["verdict"]) is str for r in report["runs"])
    assert {t["origin"] for t in report["tests"]} >= {"sample", "edge", "generated", "sorted"}
    small = [t for t in report["tests"] if t["size"] not in ("large", "max") and not t["truth"]]
    assert small and all(t["brute"] == t["predicted"] for t in small)
    agreement = report["strength"]["oracle_agreement"]
    assert agreement["samples"] == {"tests": 2, "agreed": 2}
    assert agreement["brute"]["tests"] == agreement["brute"]["agreed"] > len(small)
    assert [a["trusted"] for a in report["oracles"]["alternatives"]] == [True]
    stress = report["stress"]["c1"]
    assert stress["planned"] == 60 and 0 < stress["comparisons"] <= 60
    assert stress["counterexample"] is None and stress["weak"] is False
    assert report["timing"]["c1"]["stated"] == "O(n)"
    assert report["timing"]["c1"]["max_seconds"] is not None
    assert report["usage"]["draft"]["requests"] == 1 and "repair" not in report["usage"]
    assert report["tokens"] == model.total_tokens > 0
    # The budget block names every budget field, with the values the loop ran under.
    assert report["budget"] == {f.name: getattr(BUDGET, f.name) for f in fields(Budget)}


def test_a_wrong_draft_is_repaired_in_process(statement: Path) -> None:
    report, model = solve_inprocess(
        script(draft=[code(POSITIVES_ONLY)], tests=[input_blocks("1\n5\n")]), statement
    )
    assert report["verified"] is True and report["solution"] == "c2"
    assert [c["origin"] for c in report["candidates"]] == ["draft", "repair of c1"]
    repairs = model.stage_requests("repair")
    assert len(repairs) == 1 and POSITIVES_ONLY.strip() in repairs[0]
    # The generated counterexample was shrunk by hypothesis to one negative number.
    assert "```input\n1\n-1\n```" in repairs[0]
    first = [d for d in report["disagreements"] if d["candidate"] == "c1"]
    assert first and all(d["kind"] == "wrong answer" and "brute" in d["disagree"] for d in first)
    assert not [d for d in report["disagreements"] if d["candidate"] == "c2"]


def test_a_brute_force_sharing_the_bug_is_not_enough_in_process(statement: Path) -> None:
    # The brute force shares the draft's misreading (it passes the samples: it is trusted);
    # the predictions are right and contradict both, so nothing is verified.
    report, model = solve_inprocess(
        script(
            draft=[code(POSITIVES_ONLY)],
            brute=[code(POSITIVES_BRUTE)],
            repair=[code(POSITIVES_ONLY)],
            alt=NO_ALT,
        ),
        statement,
        replace(BUDGET, rounds=2),
    )
    assert report["verified"] is False and report["solution"] == "c1"
    assert report["oracles"]["brute_trusted"] is True
    conflicted = [d for d in report["disagreements"] if d["agree"] == ["brute"]]
    assert conflicted and all(d["disagree"] == ["prediction"] for d in conflicted)
    assert "The oracles disagree on this input" in model.stage_requests("repair")[0]


def test_the_loop_context_is_set_once_and_the_records_are_the_stages(
    statement: Path, tmp_path: Path
) -> None:
    model = FakeModel(script())
    task = load_task(statement)
    state = LoopState(task, model, BUDGET, sandbox=InProcessSandbox(), work=tmp_path)
    assert state.client is model and state.budget is BUDGET and state.work == tmp_path
    with pytest.raises(AttributeError, match="context"):
        state.budget = Budget(rounds=1)
    with pytest.raises(AttributeError, match="context"):
        state.sandbox = InProcessSandbox()
    state.max_missing = "the stages fill the records"
    assert state.max_missing == "the stages fill the records"
    context = {f.name for f in fields(LoopContext)}
    assert context.isdisjoint(f.name for f in fields(LoopRecords))
    assert context | {f.name for f in fields(LoopRecords)} == {f.name for f in fields(LoopState)}
