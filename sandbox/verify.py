"""What `verifyproblem` does for submissions: judge every one and check its folder's promise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sandbox.functional import compile_submission
from sandbox.judge import (
    DEFAULT_TIME_LIMIT_S,
    PROBE_TIME_LIMIT_S,
    JudgeResult,
    TimeLimit,
    accepted_runs,
    derive_time_limit,
    judge_program,
    limits_for,
    make_checker,
    remember_time_limit,
    slowest_accepted,
)
from sandbox.languages import Program, UnsupportedLanguage, compile_source
from sandbox.limits import Limits
from sandbox.package import Problem, Submission
from sandbox.verdict import Verdict

# Verdicts that satisfy a promise they are not literally named in: the package format counts a
# memory or output overrun as a run-time error.
_ALSO_COUNTS_AS = {"MLE": {"RTE"}, "OLE": {"RTE", "WA"}}


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

    def to_json(self) -> dict[str, object]:
        failure = self.result.first_failure if self.result else None
        return {"path": self.path, "expected": self.expected, "verdict": self.verdict,
                "max_time_s": round(self.max_time_s, 4), "ok": self.ok,
                "skipped": self.skipped, "message": self.message,
                "first_failure": failure.name if failure else None}


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

    @property
    def ok(self) -> bool:
        return not self.input_issues and all(s.ok for s in self.submissions)

    def to_json(self) -> dict[str, object]:
        return {"problem": self.problem, "ok": self.ok, "time_limit_s": self.time_limit_s,
                "time_limit_source": self.time_limit_source,
                "input_validation": [i.to_json() for i in self.input_issues],
                "submissions": [s.to_json() for s in self.submissions]}


Progress = Callable[[str], None]


def promise_kept(sub: Submission, result: JudgeResult) -> bool:
    verdicts = [t.verdict.value for t in result.tests] or [result.verdict.value]

    def satisfies(v: str, allowed: frozenset[str]) -> bool:
        return v in allowed or bool(_ALSO_COUNTS_AS.get(v, set()) & allowed)

    return all(satisfies(v, sub.permitted) for v in verdicts) and \
        any(satisfies(v, sub.required) for v in verdicts)


def validate_inputs(problem: Problem) -> list[InputIssue]:
    """Run every input validator on every test input (exit 42 means valid)."""
    issues: list[InputIssue] = []
    for source in problem.input_validators:
        rel = str(source.relative_to(problem.root))
        built = compile_source(source)
        if built.program is None:
            issues.append(InputIssue("-", f"input validator {rel} does not build"))
            continue
        limits = Limits(time_s=60, wall_s=120, memory_mib=2048)
        for test in problem.tests("all"):
            run = built.program.run(limits, stdin=test.input)
            if run.exit_code == 42:
                continue
            said = (run.stderr or run.stdout).decode(errors="replace").strip().splitlines()[:1]
            why = "rejected" if run.exit_code == 43 else f"failed ({run.verdict.value}, " \
                f"exit code {run.exit_code})"
            issues.append(InputIssue(test.name, f"{rel} {why}" + (f": {said[0]}" if said else "")))
    return issues


def verify(problem: Problem, *, jobs: int = 1, time_limit: float | None = None,
           progress: Progress | None = None) -> VerifyReport:
    say = progress or (lambda _msg: None)
    say("validating inputs")
    issues = validate_inputs(problem)
    checker = make_checker(problem)
    submissions = problem.submissions()
    built: dict[Path, Program | SubmissionReport] = {}
    for sub in submissions:
        say(f"compiling {sub.path.name}")
        built[sub.path] = _build(problem, sub)

    fixed = time_limit if time_limit is not None else problem.time.time_limit
    probe = fixed if fixed is not None else PROBE_TIME_LIMIT_S
    results = accepted_runs(problem, checker, probe, jobs=jobs, progress=say)
    if fixed is not None:
        tl = TimeLimit(fixed, "option" if time_limit is not None else "problem.yaml")
    elif results:
        slowest = slowest_accepted(results)
        tl = TimeLimit(derive_time_limit(problem, slowest), "derived")
        remember_time_limit(problem, tl.seconds, slowest)
        results = {p: _with_limit(r, tl.seconds) for p, r in results.items()}
    else:
        tl = TimeLimit(DEFAULT_TIME_LIMIT_S, "default")

    for sub in submissions:
        program = built[sub.path]
        if sub.path in results or not isinstance(program, Program):
            continue
        say(f"judging {sub.path.name}")
        # A submission meant to be too slow must be too slow even with the safety margin.
        seconds = tl.seconds * problem.time.time_limit_to_tle if "TLE" in sub.required \
            else tl.seconds
        results[sub.path] = judge_program(program, problem.tests("all"),
                                          limits_for(problem, seconds), checker, jobs=jobs)

    report = VerifyReport(problem.short_name, tl.seconds, tl.source, input_issues=issues)
    for sub in submissions:
        program = built[sub.path]
        rel = str(sub.path.relative_to(problem.root))
        if isinstance(program, SubmissionReport):
            report.submissions.append(program)
            continue
        result = results[sub.path]
        ok = promise_kept(sub, result)
        failure = result.first_failure
        message = f"{failure.name}: {failure.message}" if failure and failure.message else ""
        report.submissions.append(SubmissionReport(rel, sub.expected, result.verdict.value,
                                                   result.max_time_s, ok, message,
                                                   result=result))
    return report


def _build(problem: Problem, sub: Submission) -> Program | SubmissionReport:
    rel = str(sub.path.relative_to(problem.root))
    try:
        compiled = compile_submission(problem.root, sub.path)
    except UnsupportedLanguage as exc:
        return SubmissionReport(rel, sub.expected, "skipped", 0.0, True, str(exc), skipped=True)
    if compiled.program is None:
        verdict = compiled.verdict.value
        ok = verdict in sub.required  # a submission may promise CE (rejected/other)
        first = compiled.message.strip().splitlines()[:1]
        return SubmissionReport(rel, sub.expected, verdict, 0.0, ok, first[0] if first else "")
    return compiled.program


def _with_limit(result: JudgeResult, seconds: float) -> JudgeResult:
    """Re-read a probe run against the real time limit (slower tests become TLE)."""
    tests = [t if t.time_s <= seconds or t.verdict is not Verdict.AC
             else replace(t, verdict=Verdict.TLE, message=f"CPU time {t.time_s:.2f} s "
                          f"exceeded the limit of {seconds:g} s")
             for t in result.tests]
    first_bad = next((t for t in tests if t.verdict is not Verdict.AC), None)
    if first_bad is not None:
        tests = tests[: tests.index(first_bad) + 1]
    return JudgeResult(first_bad.verdict if first_bad else Verdict.AC, seconds, tests,
                       result.message)
