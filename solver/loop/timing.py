"""Timing: the candidate at the maximum constraints (worst cases included) must stay within
the time limit with a safety margin; its time at growing sizes is a curve whose growth is
fitted on log-log axes and set beside the complexity the model states for its code.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from dataclasses import dataclass, field

from sandbox.verdict import Verdict
from solver import parse, prompts
from solver.functional import runnable
from solver.loop import interactive, oracles
from solver.loop.state import LoopState, Miss, record, shown_time
from solver.report import Candidate, input_size

NOISE_S = 0.03
"""CPU time above the start-up time below which a point says nothing about growth."""
TIMED = (Verdict.OK, Verdict.TLE)
"""Runs whose time is a point of the curve (a TLE's is a lower bound)."""
SLOW_EXAMPLES = 12
"""Inputs at the maximum tried by the slow-input search (hypothesis' `target()`)."""


@dataclass
class TimingRecord:
    """One candidate's time curve: its points, the fitted growth, and the complexity the model
    states for its code (`timing` in the report)."""

    curve: list[tuple[int, float, Verdict]] = field(default_factory=list)
    """(input size, seconds, OK or TLE), one point per size, the slowest run of that size."""
    startup_s: float = 0.0
    exponent: float | None = None
    """The fitted growth on log-log axes (None: the points do not spread enough)."""
    growth: str = "not measured"
    stated: str | None = None
    stated_exponent: float | None = None
    mismatch: bool = False
    """The stated complexity and the measured growth differ by more than 0.6 in degree."""
    max_seconds: float | None = None
    """The slowest run at the maximum sizes; only once the timing check has run."""
    checked: bool = False
    """The timing check ran (a curve measured only for a repair prompt has no max_seconds)."""

    def to_json(self) -> dict[str, object]:
        shown: dict[str, object] = {
            "curve": [[n, round(s, 4), v.value] for n, s, v in self.curve],
            "startup_s": round(self.startup_s, 4),
            "exponent": self.exponent,
            "growth": self.growth,
            "stated": self.stated,
            "stated_exponent": self.stated_exponent,
            "mismatch": self.mismatch,
        }
        if self.checked:
            shown["max_seconds"] = self.max_seconds
        return shown


def timing(state: LoopState, cand: Candidate) -> list[Miss]:
    """Why `cand` is not fast enough at the maximum sizes (empty when it is)."""
    if state.max_missing:
        return []
    if cand.id not in state.timing:  # once per candidate, before its curve is measured
        search_slow(state, cand)
    curve = curve_for(state, cand)
    margin = state.budget.time_margin
    allowed = (1 - margin) * state.task.time_limit_s
    misses = []
    for test in (t for t in state.tests if t.large):
        run = state.runs.get((cand.id, test.id))
        if run is not None and run.verdict is Verdict.OK and run.time_s > allowed:
            misses.append(Miss(test, run, None, "the limits", kind="slow"))
        elif run is not None and test.origin == "slow" and run.verdict is not Verdict.OK:
            # Found after this round's comparisons: its failure is reported here.
            misses.append(Miss(test, run, None, "the limits", kind=run.verdict.value))
    if misses:
        stated_complexity(state, cand)
        for miss in misses:
            miss.note = growth_text(state, cand)
    worst_max = max(
        (
            state.runs[(cand.id, t.id)].time_s
            for t in state.tests
            if t.large and (cand.id, t.id) in state.runs
        ),
        default=None,
    )
    curve.max_seconds, curve.checked = worst_max, True
    stated_complexity(state, cand)
    return misses


def search_slow(state: LoopState, cand: Candidate) -> bool:
    """When the model gave no `worst_cases`, the loop looks for slow inputs itself: hypothesis
    draws inputs of size large and steers (`target()`) towards the candidate's CPU time; the
    slowest valid one becomes a test of origin `slow` at size `max`, run now."""
    if state.task.interactive or state.generator_code is None or "large" in state.generator_failed:
        return False
    if "worst cases" not in state.skipped:
        return False
    found = state.sandbox.slowest(
        state.generator_code,
        "large",
        runnable(state.task, cand.code),
        timeout_s=max(1.0, state.task.time_limit_s * 2),
        max_examples=SLOW_EXAMPLES,
    )
    if not found.ok or not isinstance(found.value, dict):
        state.driver_failed(found.error, "the slow-input search")
        state.note("timing", f"the slow-input search failed: {found.error}")
        return False
    text, seconds = found.value.get("input"), found.value.get("seconds")
    known = {t.input for t in state.tests}
    if not isinstance(text, str) or text in known or not state.accept(text):
        state.note("timing", f"{cand.id}: the slow-input search found no new valid input")
        return True
    count = sum(1 for t in state.tests if t.origin == "slow") + 1
    test = state.add_test(f"slow/max-{count}", "slow", "max", text)
    run = oracles.run_on(state, cand, test)
    state.note(
        "timing",
        f"{cand.id}: slowest of {found.value.get('examples')} inputs searched at the maximum: "
        f"{test.id}, {seconds} s in the search, {run.verdict.value} in {run.time_s:.2f} s "
        "when judged",
    )
    return True


def curve_for(state: LoopState, cand: Candidate) -> TimingRecord:
    """The time curve of `cand`: its runs on the tests, and on the generator's worst cases
    at growing scales (measured once, smallest first, stopping after a time-out)."""
    if cand.id in state.timing:
        return state.timing[cand.id]
    points: list[tuple[int, float, Verdict]] = []
    for test in state.tests:
        run = state.runs.get((cand.id, test.id))
        if run is not None and run.verdict in TIMED:
            points.append((test.input_size, shown_time(run, state.task.time_limit_s), run.verdict))
    program = state.build(cand.code, cand.id) if state.worst_points else None
    if program is not None:
        stdin = state.work / "timing.in"
        stopped = False
        for scale in sorted(state.worst_points):
            for text in state.worst_points[scale]:
                stdin.write_text(text)
                stdin.chmod(0o644)
                if state.task.interactive:  # the candidate's CPU time only, as judged
                    run = interactive.judged(
                        state, program, cand.id, cand.code, "timing", stdin, None
                    )
                else:
                    result = state.execute(program, state.limits, stdin, cand.id, cand.code)
                    run = record(cand.id, "timing", result, state.limits.wall_limit_s)
                if run.verdict in TIMED:
                    points.append(
                        (input_size(text), shown_time(run, state.task.time_limit_s), run.verdict)
                    )
                stopped = stopped or run.verdict is Verdict.TLE
            if stopped:
                break
    curve = _fit(points)
    state.timing[cand.id] = curve
    return curve


def _fit(points: list[tuple[int, float, Verdict]]) -> TimingRecord:
    by_size: dict[int, tuple[float, Verdict]] = {}
    for size, seconds, verdict in points:
        if size not in by_size or seconds > by_size[size][0]:
            by_size[size] = (seconds, Verdict(verdict))
    ordered = sorted(by_size.items())
    base = min((s for s, _ in by_size.values()), default=0.0)
    # Start-up time is subtracted; only points clearly above it say anything about growth.
    exponent: float | None = None
    # A time cut by the limit is only a lower bound: used only when the others do not spread.
    for allowed in ((Verdict.OK,), TIMED):
        usable = [
            (n, s - base) for n, (s, v) in ordered if n > 0 and s - base >= NOISE_S and v in allowed
        ]
        if len(usable) >= 2 and usable[-1][0] >= 3 * usable[0][0]:
            xs = [math.log(n) for n, _ in usable]
            ys = [math.log(s) for _, s in usable]
            exponent = round(statistics.linear_regression(xs, ys).slope, 2)
            break
    return TimingRecord([(n, s, v) for n, (s, v) in ordered], base, exponent, growth_name(exponent))


def growth_name(exponent: float | None) -> str:
    if exponent is None:
        return "not measured"
    for bound, name in (
        (0.5, "constant or logarithmic"),
        (1.3, "linear or n log n"),
        (1.75, "about n^1.5"),
        (2.5, "quadratic"),
        (3.5, "cubic"),
    ):
        if exponent < bound:
            return name
    return "worse than cubic"


def growth_text(state: LoopState, cand: Candidate) -> str:
    """The curve as the repair prompt shows it: the largest input's time, the growth between
    the two largest measured sizes, the fitted exponent, and the stated complexity."""
    curve = curve_for(state, cand)
    rows = [(n, round(s, 4), v) for n, s, v in curve.curve]
    if not rows:
        return ""
    n, seconds, verdict = rows[-1]
    parts = [
        f"At size {_num(n)} (size = the number of input tokens, or the longest token's "
        f"length if more, or for a one-line input its largest number) it took {seconds:.2f} s"
        + (" and was stopped" if verdict is Verdict.TLE else "")
        + "."
    ]
    steps = [
        (a, b)
        for a, b in itertools.pairwise(rows)
        if b[0] >= 2 * a[0] and a[1] - round(curve.startup_s, 4) >= 0.01
    ]
    if steps:
        (n1, s1, _), (n2, s2, _) = steps[-1]
        parts.append(f"From size {_num(n1)} to {_num(n2)} time grew {s2 / max(s1, 1e-3):.0f}x.")
    if curve.exponent is not None:
        parts.append(f"Measured growth: about n^{curve.exponent} ({curve.growth}).")
    if curve.stated:
        parts.append(
            f"You stated the complexity {curve.stated}"
            + (" which the measurement contradicts." if curve.mismatch else ".")
        )
    return "Time at growing sizes: " + " ".join(parts)


def _num(n: int) -> str:
    return f"{n:.0e}".replace("e+0", "e").replace("e+", "e") if n >= 10_000 else str(n)


def stated_complexity(state: LoopState, cand: Candidate) -> None:
    """Predict, then compare: the model states the complexity it expects of its code."""
    curve = curve_for(state, cand)
    if curve.stated is not None or "complexity" in state.skipped:
        return
    text = state.ask_optional(
        prompts.complexity(state.task.shown_to_model(), cand.code, state.client.config),
        parse_complexity,
    )
    if text is None:
        state.skip("complexity", "the model's reply had no ```complexity block")
        return
    curve.stated = text
    stated = complexity_exponent(text)
    curve.stated_exponent = stated
    measured = curve.exponent
    if stated is not None and measured is not None:
        curve.mismatch = abs(measured - stated) > 0.6
        if curve.mismatch:
            state.note("timing", f"{cand.id}: stated {text}, measured about n^{measured}")


def parse_complexity(text: str) -> str | None:
    block = parse.output_block(text, ("complexity", ""))
    source = block if block is not None else text
    m = re.search(r"O\s*\((?:[^()]|\([^()]*\))*\)", source)
    return re.sub(r"\s+", " ", m.group(0)).strip() if m else None


def complexity_exponent(text: str) -> float | None:
    """The polynomial degree of a big-O expression (log factors count 0): O(n log n) -> 1,
    O(n^2) -> 2, O(n sqrt n) -> 1.5, O(n * m) -> 2 (sizes of the same order), O(2^n) -> None."""
    body = text.strip()[2:-1].lower().replace("**", "^").replace("·", "*")
    if re.search(r"\d\s*\^\s*[a-z]|!|\^\s*\(?[a-z]", body):
        return None  # exponential or factorial: no polynomial degree
    body = re.sub(r"log\s*\^?\s*\d*\s*(\([^()]*\)|[a-z])?", "", body)
    return max((_degree(term) for term in body.split("+")), default=0.0)


def _degree(term: str) -> float:
    degree = 0.0
    for m in re.finditer(
        r"sqrt\s*\(?\s*[a-z]\s*\)?|([a-z])\s*(?:\^\s*\{?(\d+(?:\.\d+)?)\}?)?", term
    ):
        if m.group(0).startswith("sqrt"):
            degree += 0.5
        elif m.group(1):
            degree += float(m.group(2)) if m.group(2) else 1.0
    return degree
