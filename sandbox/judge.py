"""Judging a submission on a problem package's tests."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sandbox import isolation, safe_io
from sandbox.checkers import Checker, DefaultChecker, KattisChecker, OutputFlags, TestlibChecker
from sandbox.functional import ValueChecker, compile_submission, spec_of
from sandbox.grading import checker_for
from sandbox.interactive import Interactor
from sandbox.languages import (
    CompileResult,
    Program,
    UnsupportedLanguage,
    compile_source,
    python_runtime,
)
from sandbox.limits import MIB, Limits
from sandbox.package import DataSet, Problem, TestCase, VerdictRule, declares_python2
from sandbox.schedule import Judging, Scheduler
from sandbox.testrun import TestResult, run_test
from sandbox.verdict import Verdict

__all__ = ["TestResult", "run_test"]  # where callers have always found them

PROBE_TIME_LIMIT_S = 20.0
"""Time limit while timing accepted submissions to derive a problem's time limit."""
DEFAULT_TIME_LIMIT_S = 2.0
"""Used when a problem fixes no time limit and has no accepted submission to derive one from."""


class JudgeError(Exception):
    """The judge cannot do its job (a validator that does not build, say): never the solution's
    fault."""


@dataclass(frozen=True)
class JudgeResult:
    verdict: Verdict
    time_limit_s: float
    tests: list[TestResult] = field(default_factory=list)
    message: str = ""
    """The compiler's message on CE; the judge's on JE."""

    @property
    def max_time_s(self) -> float:
        return max((t.time_s for t in self.tests), default=0.0)

    @property
    def first_failure(self) -> TestResult | None:
        """The first test with the judging's verdict (under the worst-error rule not always
        the first failing test), else the first failing test."""
        bad = [t for t in self.tests if t.verdict is not Verdict.AC]
        return next((t for t in bad if t.verdict is self.verdict), bad[0] if bad else None)

    def to_json(self) -> dict[str, object]:
        failure = self.first_failure
        return {
            "verdict": self.verdict.value,
            "time_limit_s": self.time_limit_s,
            "max_time_s": round(self.max_time_s, 4),
            "message": self.message,
            "first_failure": failure.name if failure else None,
            "tests": [t.to_json() for t in self.tests],
        }


@dataclass(frozen=True)
class TimeLimit:
    seconds: float
    source: str
    """`option`, `problem.yaml`, `.timelimit`, `derived` or `default`."""


ProgressFn = Callable[[TestResult], None]


def make_checker(problem: Problem) -> Checker:
    """The problem's output checker; a custom validator is built first (JudgeError if it
    cannot be)."""
    if problem.output_validator is None:
        graded = checker_for(problem.grading, spec_of(problem.root) is not None)
        if graded is not None:  # a benchmark's own rules (sandbox/grading.py)
            return graded
        flags = OutputFlags.parse(problem.validator_args)
        return ValueChecker(flags) if spec_of(problem.root) else DefaultChecker(flags)
    built = compile_source(problem.output_validator)
    if built.program is None:
        first = built.message.strip().splitlines()[:1]
        raise JudgeError(
            f"{problem.short_name}: output validator "
            f"{problem.output_validator.relative_to(problem.root)} does not build: "
            f"{first[0] if first else built.verdict.value}"
        )
    if problem.interactive:
        return Interactor(built.program)
    if problem.checker_style == "testlib":
        return TestlibChecker(built.program)
    return KattisChecker(built.program)


def limits_for(problem: Problem, time_limit: float) -> Limits:
    return Limits(
        time_s=time_limit, memory_mib=problem.memory_mib, output_bytes=problem.output_mib * MIB
    )


def judge_program(
    program: Program,
    tests: Sequence[TestCase],
    limits: Limits,
    checker: Checker,
    *,
    jobs: int = 1,
    run_all: bool = False,
    progress: ProgressFn | None = None,
    rule: VerdictRule | None = None,
) -> JudgeResult:
    """Run `program` on `tests` in order; the first failing test decides the verdict (as on
    Kattis) and ends the judging unless `run_all` (`rule`: the package's own way, see
    `judged`). With `jobs` > 1 tests run concurrently but the verdict and the reported tests
    are the same as with one job."""
    with Scheduler(tests, checker, lambda seconds: replace(limits, time_s=seconds), jobs) as sched:
        judging = sched.judge(
            program, program, cap=limits.time_s, run_all=run_all, on_result=progress
        )
        return judged(*sched.result(judging), rule)


WORST_FIRST = (Verdict.JE, Verdict.RTE, Verdict.MLE, Verdict.TLE, Verdict.OLE, Verdict.WA)
"""The order of problemtools' default grader's `worst_error` (its IF and PE do not occur)."""


def judged(
    tests: list[TestResult], time_limit: float, rule: VerdictRule | None = None
) -> JudgeResult:
    """The judging of these tests, in order: the first failure's verdict, or AC; under a rule
    that judges every test, the worst (or first) error among the tests that count."""
    counted = [
        t for t in tests if not (rule and rule.ignore_sample and t.name.startswith("sample/"))
    ]
    bad = [t for t in counted if t.verdict is not Verdict.AC]
    if not bad:
        return JudgeResult(Verdict.AC, time_limit, tests)
    if rule is None or not rule.every_test or rule.first_error:
        return JudgeResult(bad[0].verdict, time_limit, tests)
    rank = {v: i for i, v in enumerate(WORST_FIRST)}
    worst = min(bad, key=lambda t: rank.get(t.verdict, len(rank)))
    return JudgeResult(worst.verdict, time_limit, tests)


def judge(
    problem: Problem,
    source: Path,
    *,
    data: DataSet = "all",
    time_limit: TimeLimit | None = None,
    jobs: int = 1,
    run_all: bool = False,
    progress: ProgressFn | None = None,
) -> JudgeResult:
    """Compile and judge one submission. Raises JudgeError for the judge's own failures."""
    tl = time_limit or resolve_time_limit(problem, None, jobs=jobs)
    built = compile_submission(problem.root, source, python=problem.python)
    if built.program is None:
        return _not_built(built, tl.seconds)
    checker = make_checker(problem)
    return judge_program(
        built.program,
        problem.tests(data),
        limits_for(problem, tl.seconds),
        checker,
        jobs=jobs,
        run_all=run_all or problem.verdicts.every_test,
        progress=progress,
        rule=problem.verdicts,
    )


def _not_built(built: CompileResult, time_limit: float) -> JudgeResult:
    verdict = Verdict.CE if built.verdict is Verdict.CE else Verdict.JE
    return JudgeResult(verdict, time_limit, [], built.message)


def round_up(seconds: float, resolution: float) -> float:
    steps = max(1, math.ceil(seconds / resolution - 1e-9))
    return round(steps * resolution, 6)


def derive_time_limit(problem: Problem, max_accepted_s: float) -> float:
    return round_up(max_accepted_s * problem.time.ac_to_time_limit, problem.time.resolution)


REPEATS = 3
"""Extra runs, when deriving a time limit, of each accepted test whose time decides it."""


@dataclass(frozen=True)
class Measurement:
    submission: str
    test: str
    times_s: tuple[float, ...]
    """CPU seconds of every run of this test, the first from the judging pass."""

    @property
    def best_s(self) -> float:
        # Load on the machine only ever adds CPU time (cache and frequency contention, page
        # faults), never removes it, so the least of several runs is the best estimate of what
        # the program itself needs; a median would still carry half the noise.
        return min(self.times_s)

    def to_json(self) -> dict[str, object]:
        return {
            "submission": self.submission,
            "test": self.test,
            "times_s": [round(t, 4) for t in self.times_s],
            "best_s": round(self.best_s, 4),
        }


@dataclass(frozen=True)
class Derivation:
    """A time limit derived from the accepted submissions, and the measurements behind it."""

    seconds: float
    slowest_s: float
    measurements: tuple[Measurement, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "slowest_accepted_s": round(self.slowest_s, 4),
            "measurements": [m.to_json() for m in self.measurements],
        }


ACCEPTED_PRIORITY = 0
"""The accepted submissions' runs go first: their times decide everybody's time limit."""


def queue_accepted(
    problem: Problem, sched: Scheduler, programs: dict[Path, Program] | None = None
) -> dict[Path, Judging]:
    """Queue the judging of every submission promised to be accepted (those that build) on
    all tests, under the probe time limit."""
    judgings: dict[Path, Judging] = {}
    for sub in problem.submissions():
        if not sub.accepted:
            continue
        program = (programs or {}).get(sub.path) or _build_quietly(problem, sub.path)
        if program is not None:
            judgings[sub.path] = judge_accepted(
                sched, sub.path, program, problem.verdicts.every_test
            )
    return judgings


def judge_accepted(sched: Scheduler, key: Path, program: Program, run_all: bool = False) -> Judging:
    """Queue the judging of one accepted submission on all tests, under the probe limit: its
    times are what the limit is derived from (`derive_from`)."""
    return sched.judge(
        key, program, cap=PROBE_TIME_LIMIT_S, priority=ACCEPTED_PRIORITY, run_all=run_all
    )


def _build_quietly(problem: Problem, source: Path) -> Program | None:
    if declares_python2(source):
        return None  # not run here, so it bounds no time limit
    try:
        built = compile_submission(problem.root, source, python=problem.python)
    except UnsupportedLanguage:
        return None
    return built.program


def provisional_limit(problem: Problem, judgings: dict[Path, Judging]) -> float:
    """The limit the accepted tests judged so far would give: what the submissions waiting
    for the derived limit are judged under meanwhile (call under the scheduler's lock)."""
    times = [
        d.result.time_s
        for j in judgings.values()
        for d in j.done.values()
        if d.result.verdict is Verdict.AC
    ]
    return derive_time_limit(problem, max(times, default=0.0))


def derive(
    problem: Problem,
    checker: Checker,
    *,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    programs: dict[Path, Program] | None = None,
    repeats: int = REPEATS,
) -> Derivation | None:
    """Derive the time limit as problemtools does (slowest accepted CPU time ×
    ac_to_time_limit, rounded up to time_resolution), from repeated measurements of the
    accepted tests that decide it. None when no accepted submission passes."""
    with Scheduler(
        problem.tests("all"), checker, functools.partial(limits_for, problem), jobs
    ) as sched:
        judgings = queue_accepted(problem, sched, programs)
        return derive_from(problem, sched, judgings, progress=progress, repeats=repeats)


def derive_from(
    problem: Problem,
    sched: Scheduler,
    judgings: dict[Path, Judging],
    *,
    progress: Callable[[str], None] | None = None,
    repeats: int = REPEATS,
) -> Derivation | None:
    """`derive`, from the accepted judgings `queue_accepted` put on `sched`."""
    timings = first_timings(problem, sched, judgings, progress=progress)
    if timings is None:
        return None
    return timings.settle(sched, repeats, progress=progress)


@dataclass
class Timings:
    """The accepted submissions' CPU times per test, from which the limit is derived; runs
    of the tests that decide it are added by `settle`."""

    problem: Problem
    judgings: dict[Path, Judging]
    times: dict[tuple[Path, str], list[float]]

    def limit_of(self, seconds: float) -> float:
        return derive_time_limit(self.problem, seconds)

    @property
    def slowest_s(self) -> float:
        return max(min(v) for v in self.times.values())

    def settle(
        self,
        sched: Scheduler,
        repeats: int,
        *,
        progress: Callable[[str], None] | None = None,
    ) -> Derivation:
        """Time again the tests that decide the limit and derive it from the least run of
        each. Load only ever adds CPU time, so only tests that on their own force the current
        limit can change it: those are measured again, until each has 1 + `repeats` runs or
        no longer forces it."""
        by_name = {t.name: t for t in self.problem.tests("all")}
        limits = limits_for(self.problem, PROBE_TIME_LIMIT_S)
        times = self.times

        def again(key: tuple[Path, str]) -> float | None:
            res = run_test(self.judgings[key[0]].program, by_name[key[1]], limits, sched.checker)
            return res.time_s if res.verdict is Verdict.AC else None

        while True:
            current = self.limit_of(self.slowest_s)
            forcing = [
                k
                for k, v in times.items()
                if self.limit_of(min(v)) >= current
                and len(v) <= repeats
                and current > self.problem.time.resolution
            ]
            if not forcing:
                break
            if progress is not None:
                progress(f"timing {len(forcing)} test(s) that decide the limit again")
            futures = [
                sched.submit(functools.partial(again, key), priority=ACCEPTED_PRIORITY)
                for key in forcing
            ]
            for key, future in zip(forcing, futures, strict=True):
                seconds = future.result()
                times[key].append(seconds if seconds is not None else times[key][0])
        slowest = self.slowest_s
        shown = [k for k, v in times.items() if len(v) > 1 or min(v) == slowest]
        measurements = tuple(
            Measurement(str(path.relative_to(self.problem.root)), name, tuple(times[(path, name)]))
            for path, name in sorted(shown, key=lambda k: -min(times[k]))
        )
        return Derivation(self.limit_of(slowest), slowest, measurements)


def first_timings(
    problem: Problem,
    sched: Scheduler,
    judgings: dict[Path, Judging],
    *,
    progress: Callable[[str], None] | None = None,
) -> Timings | None:
    """Wait for the accepted judgings and collect their times; None when none passes."""
    if progress is not None and judgings:
        progress(f"judging {len(judgings)} accepted submission(s)")
    runs = {path: judged(*sched.result(j), problem.verdicts) for path, j in judgings.items()}
    passing = {p: r for p, r in runs.items() if r.verdict is Verdict.AC}
    if not passing:
        return None
    times = {(path, t.name): [t.time_s] for path, r in passing.items() for t in r.tests}
    return Timings(problem, judgings, times)


def resolve_time_limit(
    problem: Problem,
    option: float | None,
    *,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> TimeLimit:
    """The time limit to judge with: the option, else problem.yaml's, else derived from the
    accepted submissions (cached, keyed by the content of the package's tests, accepted
    submissions and timing settings)."""
    if option is not None:
        return TimeLimit(option, "option")
    if problem.time.time_limit is not None:
        return TimeLimit(problem.time.time_limit, problem.time.source)
    cached = _cache_file(problem)
    if cached is None:
        return TimeLimit(DEFAULT_TIME_LIMIT_S, "default")
    try:
        # Bounded and never through a symlink: without bubblewrap a program can write into the
        # judge user's cache.
        seconds = float(json.loads(safe_io.read_bytes(cached, 64 * 1024))["time_limit_s"])
        if math.isfinite(seconds) and seconds > 0:
            return TimeLimit(seconds, "derived")
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if progress is not None:
        progress("deriving the time limit from the accepted submissions")
    derived = derive(problem, make_checker(problem), jobs=jobs, progress=progress)
    if derived is None:
        return TimeLimit(DEFAULT_TIME_LIMIT_S, "default")
    remember_time_limit(problem, derived)
    return TimeLimit(derived.seconds, "derived")


def remember_time_limit(problem: Problem, derived: Derivation) -> None:
    cache = _cache_file(problem)
    if cache is None:
        return
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(
            {"problem": str(problem.root), "time_limit_s": derived.seconds, **derived.to_json()}
        )
    )
    tmp.replace(cache)


def _cache_file(problem: Problem) -> Path | None:
    """Where a derived time limit is kept: keyed by the content of the package's accepted
    submissions and tests, its timing settings and the Python runtime, so any change to them
    derives it again (and a copy of the package elsewhere finds it)."""
    accepted = [s.path for s in problem.submissions() if s.accepted]
    if not accepted:
        return None
    digest = hashlib.sha256(repr(problem.time).encode())
    digest.update(f"python={python_runtime(problem.python)}".encode())
    files = [*accepted, *(p for t in problem.tests("all") for p in (t.input, t.answer))]
    for path in files:
        for f in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if not f.is_file():
                continue
            digest.update(f"\0{f.relative_to(problem.root)}\0".encode())
            with open(f, "rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
    return isolation.cache_dir() / "timelimits" / f"{digest.hexdigest()[:24]}.json"
