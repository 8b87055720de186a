"""What `verifyproblem` does for submissions: judge every one and check its folder's promise.

The rules are problemtools' (the package format's reference tool), so the two agree on which
submissions are too slow:
- the time limit is problem.yaml's (or the option's), else the slowest accepted CPU time ×
  `ac_to_time_limit`, rounded up to `time_resolution` (here from repeated measurements, where
  a verdict can depend on them);
- every submission is judged once with the limit × `time_limit_to_tle` and read against both
  limits; a promise kept at the time limit is kept, and one kept only with the extra time is
  kept "with extra time" (problemtools says so too) and flagged as sensitive to the time limit;
- a test over the limit is TLE whatever else it did; judging stops at the first failing test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from sandbox import isolation
from sandbox.checkers import Checker
from sandbox.functional import compile_submission
from sandbox.judge import (
    DEFAULT_TIME_LIMIT_S,
    REPEATS,
    Derivation,
    JudgeResult,
    TimeLimit,
    Timings,
    first_timings,
    judge_accepted,
    judged,
    limits_for,
    make_checker,
    provisional_limit,
    remember_time_limit,
)
from sandbox.languages import (
    CHECKTESTDATA,
    CTD_FAILED,
    Program,
    UnsupportedLanguage,
    compile_input_validator,
)
from sandbox.limits import Limits
from sandbox.package import Problem, Submission, TestCase, VerdictRule, declares_python2
from sandbox.schedule import Judging, Scheduler
from sandbox.verdict import Verdict

# Verdicts that satisfy a promise they are not literally named in: the package format knows
# only AC, WA, TLE and RTE, and counts a memory or output overrun as a run-time error.
_ALSO_COUNTS_AS = {"MLE": {"RTE"}, "OLE": {"RTE", "WA"}}
# A package program: it may start processes (accounted in cgroups where available).
INPUT_VALIDATOR_LIMITS = Limits(time_s=60, wall_s=120, memory_mib=2048, spawn=True)


PARTS = frozenset({"data", "submissions"})
"""What `verify` can check, named as problemtools' `--parts`: the test data against the input
validators, and the submissions against their folders."""


@dataclass(frozen=True)
class SubmissionReport:
    path: str
    expected: str
    verdict: str
    max_time_s: float
    ok: bool
    message: str = ""
    skipped: bool = False
    result: JudgeResult | None = None
    verdict_with_margin: str = ""
    """The verdict with the limit × time_limit_to_tle (problemtools' "extra time")."""
    with_extra_time: bool = False
    """The promise is kept only with the extra time."""

    @property
    def sensitive(self) -> bool:
        """The verdict changes between the time limit and the limit with its margin."""
        return bool(self.verdict_with_margin) and self.verdict_with_margin != self.verdict

    def to_json(self) -> dict[str, object]:
        failure = self.result.first_failure if self.result else None
        return {
            "path": self.path,
            "expected": self.expected,
            "verdict": self.verdict,
            "max_time_s": round(self.max_time_s, 4),
            "ok": self.ok,
            "skipped": self.skipped,
            "message": self.message,
            "first_failure": failure.name if failure else None,
            "verdict_with_margin": self.verdict_with_margin or self.verdict,
            "sensitive_to_time_limit": self.sensitive,
            "ok_only_with_extra_time": self.with_extra_time,
        }


@dataclass(frozen=True)
class InputIssue:
    test: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"test": self.test, "message": self.message}


@dataclass
class VerifyReport:
    problem: str
    time_limit_s: float
    time_limit_source: str
    submissions: list[SubmissionReport] = field(default_factory=list)
    input_issues: list[InputIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    derivation: Derivation | None = None
    tle_limit_s: float = 0.0
    format_version: str = ""
    interactive: bool = False
    parts: list[str] = field(default_factory=lambda: sorted(PARTS))

    @property
    def ok(self) -> bool:
        return not self.input_issues and all(s.ok for s in self.submissions)

    def to_json(self) -> dict[str, object]:
        timing: dict[str, object] = {
            "seconds": self.time_limit_s,
            "source": self.time_limit_source,
            "with_margin_s": self.tle_limit_s,
        }
        if self.derivation is not None:
            timing.update(self.derivation.to_json())
        return {
            "problem": self.problem,
            "parts": list(self.parts),
            "ok": self.ok,
            "time_limit_s": self.time_limit_s,
            "time_limit_source": self.time_limit_source,
            "time_limit": timing,
            "format_version": self.format_version,
            "interactive": self.interactive,
            "input_validation": [i.to_json() for i in self.input_issues],
            "notes": list(self.notes),
            "submissions": [s.to_json() for s in self.submissions],
        }


Progress = Callable[[str], None]


def satisfies(verdict: str, allowed: frozenset[str]) -> bool:
    return verdict in allowed or bool(_ALSO_COUNTS_AS.get(verdict, set()) & allowed)


def promise_kept(sub: Submission, result: JudgeResult, rule: VerdictRule | None = None) -> bool:
    if rule is not None and rule.every_test:
        # Graded over every test (problemtools): the folder's promise is about that verdict.
        return satisfies(result.verdict.value, sub.required)
    verdicts = [t.verdict.value for t in result.tests] or [result.verdict.value]
    return all(satisfies(v, sub.permitted) for v in verdicts) and any(
        satisfies(v, sub.required) for v in verdicts
    )


ValidationCheck = tuple[Program, str, Path, TestCase]


def validate_inputs(problem: Problem, jobs: int = 1) -> tuple[list[InputIssue], list[str]]:
    """Run every input validator on every test input (exit 42 means valid), with the
    `input_validator_flags` in force for each test. Returns the issues and notes on validators
    that cannot be run here."""
    issues, notes, checks = validation_checks(problem)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        issues += [i for i in pool.map(check_input, checks) if i is not None]
    return issues, notes


def validation_checks(
    problem: Problem,
) -> tuple[list[InputIssue], list[str], list[ValidationCheck]]:
    """Build the input validators: the issues of those that do not build, notes on those that
    cannot be run here, and the checks to run (each validator on each test input)."""
    issues: list[InputIssue] = []
    notes = [
        f"input validator {p.relative_to(problem.root)} not run: "
        + (
            "validators given by build/run scripts are not supported"
            if (p / "run").exists() or (p / "build").exists()
            else "VIVA validators need the VIVA runtime, which this judge does not have"
        )
        for p in problem.unsupported_validators
    ]
    if not problem.input_validators and not problem.unsupported_validators:
        notes.append(
            "no input validator: the test inputs are not checked against the input format "
            "(add one in input_validators/; docs/packages.md)"
        )
    checks: list[ValidationCheck] = []
    for source in problem.input_validators:
        rel = str(source.relative_to(problem.root))
        try:
            built = compile_input_validator(source)
        except UnsupportedLanguage as exc:
            issues.append(InputIssue("-", f"input validator {rel}: {exc}"))
            continue
        if built.program is None:
            first = built.message.strip().splitlines()[:1]
            issues.append(
                InputIssue(
                    "-",
                    f"input validator {rel} does not build" + (f": {first[0]}" if first else ""),
                )
            )
            continue
        checks += [(built.program, rel, source, test) for test in problem.tests("all")]
    return issues, notes, checks


def check_input(item: ValidationCheck) -> InputIssue | None:
    """Run one validator on one test input; an issue unless it accepts it."""
    program, rel, source, test = item
    args = test.input_args(source)
    cached = _validated(program, test.input, args)
    if cached is not None and cached.exists():
        return None  # this validator build already accepted these bytes with these args
    run = program.run(INPUT_VALIDATOR_LIMITS, stdin=test.input, args=args)
    if run.exit_code == 42:
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.touch()
        return None
    said = (run.stderr or run.stdout).decode(errors="replace").strip().splitlines()[:1]
    why = (
        "rejected"
        if run.exit_code == 43
        else f"failed ({run.verdict.value}, exit code {run.exit_code})"
    )
    if program.language is CHECKTESTDATA and args and run.exit_code == CTD_FAILED:
        why += (
            f" (its command line has the input_validator_flags {' '.join(args)!r}, "
            "as problemtools gives them)"
        )
    return InputIssue(test.name, f"{rel} {why}" + (f": {said[0]}" if said else ""))


def _validated(program: Program, input_file: Path, args: tuple[str, ...]) -> Path | None:
    """Where the judge remembers that a validator accepted an input: keyed by the validator's
    build (its directory is named by the hash of its sources and language), the input's bytes
    and the arguments, so a second `verify` does not validate the same inputs again. Only
    acceptances are kept: a rejection is always shown afresh, with its message."""
    try:
        digest = hashlib.sha256(str(program.directory).encode())
        digest.update("\0".join(args).encode() + b"\0")
        digest.update(input_file.read_bytes())
    except OSError:
        return None
    return isolation.cache_dir() / "validated" / digest.hexdigest()[:32]


def default_jobs() -> int:
    return isolation.cpu_slots()


# Priorities on the shared queue (the accepted submissions' runs come first, judge.py): the
# submissions promised to be too slow next (they take longest, the others fill the gaps; one
# core is kept on them from the start, sandbox/schedule.py), then the other submissions, then
# input validation (short runs that fill the last gaps).
BUILD_PRIORITY = -1
TOO_SLOW_PRIORITY = 1
OTHERS_PRIORITY = 2
VALIDATION_PRIORITY = 3


def verify(
    problem: Problem,
    *,
    jobs: int | None = None,
    time_limit: float | None = None,
    progress: Progress | None = None,
    parts: frozenset[str] = PARTS,
) -> VerifyReport:
    """Verify `parts` of the package: "data" (every test input against the input validators)
    and "submissions" (each judged and read against its folder's promise)."""
    say = progress or (lambda _msg: None)
    jobs = jobs or default_jobs()
    rule = problem.verdicts
    checker = make_checker(problem)
    submissions = problem.submissions() if "submissions" in parts else []
    given = (
        TimeLimit(time_limit, "option")
        if time_limit is not None
        else TimeLimit(problem.time.time_limit, problem.time.source)
        if problem.time.time_limit is not None
        else TimeLimit(DEFAULT_TIME_LIMIT_S, "default")
        if not submissions  # nothing is judged, so nothing depends on it
        else None
    )
    fixed = given.seconds if given is not None else None

    def with_margin(seconds: float) -> float:
        return round(seconds * problem.time.time_limit_to_tle, 6)

    derivation: Derivation | None = None
    timings: Timings | None = None
    accepted: dict[Path, Judging] = {}
    judgings: dict[Path, Judging] = {}
    cap = None if fixed is None else with_margin(fixed)
    with Scheduler(
        problem.tests("all"),
        checker,
        partial(limits_for, problem),
        jobs,
        provisional=lambda: with_margin(provisional_limit(problem, accepted)),
    ) as sched:
        say("compiling the submissions and input validators")
        # Builds are jobs of the same queue, ahead of every run; each submission's judging is
        # queued as soon as its build is done, so runs fill the cores while the last builds go.
        validating = sched.submit(
            partial(validation_checks, problem) if "data" in parts else lambda: ([], [], []),
            priority=BUILD_PRIORITY,
        )
        building = {
            sched.submit(partial(_build, problem, s), priority=BUILD_PRIORITY): s
            for s in submissions
        }
        built: dict[Path, Program | SubmissionReport] = {}
        validation: list[Future[InputIssue | None]] = []
        for done in as_completed([validating, *building]):
            if done is validating:
                # Validation is queued as soon as its validators are built, not after the last
                # submission's build: a core left idle by a long compile (C++, 2-4 s) validates.
                issues, notes, checks = validating.result()
                validation = [
                    sched.submit(partial(check_input, c), priority=VALIDATION_PRIORITY)
                    for c in checks
                ]
                continue
            sub = building[done]
            program = built[sub.path] = done.result()
            if not isinstance(program, Program):
                continue
            if fixed is None and sub.accepted:
                # A new dict, not an insertion: the provisional limit reads it from the workers.
                accepted = {
                    **accepted,
                    sub.path: judge_accepted(sched, sub.path, program, rule.every_test),
                }
            else:
                judgings[sub.path] = sched.judge(
                    sub.path,
                    program,
                    cap=cap,
                    priority=TOO_SLOW_PRIORITY if "TLE" in sub.required else OTHERS_PRIORITY,
                    long="TLE" in sub.required,
                    run_all=rule.every_test,
                )
        programs = {p: b for p, b in built.items() if isinstance(b, Program)}
        say(f"validating inputs and judging {len(programs)} submission(s)")
        if given is not None:
            tl = given
        else:
            timings = first_timings(problem, sched, accepted, progress=say)
            if timings is not None:
                # One timing of each test first, as problemtools does; the tests that decide
                # the limit are timed again below only where a verdict could depend on it.
                derivation = timings.settle(sched, 0)
                tl = TimeLimit(derivation.seconds, "derived")
            else:
                tl = TimeLimit(DEFAULT_TIME_LIMIT_S, "default")
                notes.append(
                    "no accepted submission passes: the time limit falls back to "
                    f"{DEFAULT_TIME_LIMIT_S:g} s"
                )
            sched.set_cap(with_margin(tl.seconds))
        results = {
            path: judged(*sched.result(j), rule) for path, j in (accepted | judgings).items()
        }
        if timings is not None:
            lowest = timings.limit_of(timings.slowest_s * LEAST_SHARE_OF_FIRST_TIMING)
            if limit_matters(results.values(), lowest, with_margin(tl.seconds)):
                say("timing the tests that decide the limit again")
                derivation = timings.settle(sched, REPEATS, progress=say)
                tl = TimeLimit(derivation.seconds, "derived")
                remember_time_limit(problem, derivation)
            else:
                # Not kept for `solver judge`, which derives it from repeated timings.
                notes.append(
                    "the derived limit is from one timing of each accepted test: no verdict "
                    f"depends on it between {lowest:g} s and {with_margin(tl.seconds):g} s "
                    "(`solver judge` times the tests that decide it again)"
                )
        issues += [i for i in (f.result() for f in validation) if i is not None]
    high = with_margin(tl.seconds)

    report = VerifyReport(
        problem.short_name,
        tl.seconds,
        tl.source,
        input_issues=issues,
        notes=notes,
        derivation=derivation,
        tle_limit_s=high,
        format_version=problem.format_version,
        interactive=problem.interactive,
        parts=sorted(parts),
    )
    graders = problem.root / "graders"
    if submissions and graders.is_dir() and any(graders.iterdir()):
        report.notes.append(
            "graders/ is not run: the verdicts follow problemtools' default grader "
            f"({rule.name}); scores are not computed"
        )
    for sub in submissions:
        program = built[sub.path]
        if isinstance(program, SubmissionReport):
            report.submissions.append(program)
            continue
        assessed = _assess(problem, sub, results[sub.path], tl.seconds, high, checker)
        report.submissions.append(assessed)
        if "TLE" in sub.required and assessed.verdict == "TLE" and assessed.sensitive:
            # problemtools accepts this; the spec asks for limit × time_limit_to_tle <= its time.
            report.notes.append(
                f"{assessed.path} is too slow only without the margin: it gets "
                f"{assessed.verdict_with_margin} with {high:g} s"
            )
    return report


LEAST_SHARE_OF_FIRST_TIMING = 0.5
"""How far timing the deciding tests again is assumed able to lower the slowest accepted time.
The widest spread measured here was under heavy load (docs/benchmarks.md, contractkiller): a
first timing of 7.2 s whose least of three more was 4.7 s, 0.65 of it; a limit derived from half
the first timing bounds from below what the repeated timings could give."""


def limit_matters(results: Iterable[JudgeResult], lowest: float, highest: float) -> bool:
    """Whether some verdict could differ between time limits `lowest` and `highest`: a test
    that ran to its end in a time between them (a test stopped at its limit is TLE under any
    limit that low)."""
    return any(
        lowest < t.time_s <= highest and t.verdict is not Verdict.TLE
        for r in results
        for t in r.tests
    )


def _assess(
    problem: Problem, sub: Submission, result: JudgeResult, tl: float, high: float, checker: Checker
) -> SubmissionReport:
    """Read one judging against the time limit and against the limit with its margin."""
    rel = str(sub.path.relative_to(problem.root))
    rule = problem.verdicts
    at_limit = with_limit(result, tl, rule)
    at_margin = with_limit(result, high, rule)
    ok_at_limit = promise_kept(sub, at_limit, rule)
    extra = not ok_at_limit and promise_kept(sub, at_margin, rule)
    failure = at_limit.first_failure
    message = f"{failure.name}: {failure.message}" if failure and failure.message else ""
    if extra:
        message = f"only with the extra time ({high:g} s): {message}".rstrip(": ")
    return SubmissionReport(
        rel,
        sub.expected,
        at_limit.verdict.value,
        at_limit.max_time_s,
        ok_at_limit or extra,
        message,
        result=at_limit,
        verdict_with_margin=at_margin.verdict.value,
        with_extra_time=extra,
    )


def _build(problem: Problem, sub: Submission) -> Program | SubmissionReport:
    rel = str(sub.path.relative_to(problem.root))
    if declares_python2(sub.path):
        return SubmissionReport(
            rel,
            sub.expected,
            "skipped",
            0.0,
            True,
            f"{sub.path.name}: Python 2 (its #! line) is not run here",
            skipped=True,
        )
    try:
        compiled = compile_submission(problem.root, sub.path, python=problem.python)
    except UnsupportedLanguage as exc:
        return SubmissionReport(rel, sub.expected, "skipped", 0.0, True, str(exc), skipped=True)
    if compiled.program is None:
        verdict = compiled.verdict.value
        ok = verdict in sub.required  # a submission may promise CE (rejected/other)
        first = compiled.message.strip().splitlines()[:1]
        return SubmissionReport(rel, sub.expected, verdict, 0.0, ok, first[0] if first else "")
    return compiled.program


def with_limit(result: JudgeResult, seconds: float, rule: VerdictRule | None = None) -> JudgeResult:
    """Re-read a judging against a lower time limit: a test over it is TLE whatever else it
    did (problemtools checks time first), and the first failing test ends the judging (under
    a rule that judges every test, the rule gives the verdict instead)."""
    tests = [
        t
        if t.time_s <= seconds or t.verdict is Verdict.JE
        else replace(
            t,
            verdict=Verdict.TLE,
            message=f"CPU time {t.time_s:.2f} s exceeded the limit of {seconds:g} s",
        )
        for t in result.tests
    ]
    if rule is not None and rule.every_test:
        if not tests:
            return replace(result, time_limit_s=seconds)
        return replace(judged(tests, seconds, rule), message=result.message)
    first_bad = next((t for t in tests if t.verdict is not Verdict.AC), None)
    if first_bad is not None:
        tests = tests[: tests.index(first_bad) + 1]
    verdict = first_bad.verdict if first_bad else result.verdict
    return JudgeResult(verdict, seconds, tests, result.message)
