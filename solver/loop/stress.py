"""Stress: before a candidate is verified, a differential search against the trusted brute
force on many inputs drawn from the model's generator, of every size the brute force can
afford. The search is budgeted in comparisons (`Budget.stress_comparisons`), not seconds, so
a loaded machine gives the same assurance, only later; `--stress-seconds` is a safety cap whose
hit is recorded as weak evidence. A disagreement is shrunk by hypothesis and becomes a test
like any other (so it goes to repair).

Runs go through the warm executor (`solver.warm.run_batch`: one interpreter kept warm behind
a fork server in one sandbox), not one sandbox per run.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from sandbox.limits import Limits
from sandbox.verdict import Verdict
from solver.functional import runnable
from solver.inputs import DRIVER_LIMITS, DriverResult
from solver.loop import tests
from solver.loop.oracles import brute_on, predict_one, run_on
from solver.loop.state import JudgeFailure, LoopState
from solver.pool import each
from solver.report import Candidate, LoopTest
from solver.warm import QuickRun

STRESS_SIZES = ("tiny", "small", "large")
"""Sizes drawn for stress; "large" only when the brute force answered every large test."""
SHARE = {"tiny": 0.4, "small": 0.4, "extreme": 0.2}
"""The share of the planned comparisons drawn for each small size (large: LARGE_DRAWN);
`extreme` are small inputs with values at their stated extremes (solver/bounds.py), made
from the tests' small inputs rather than drawn."""
LARGE_DRAWN = 12
CHUNK = {"tiny": 100, "small": 100, "large": 3, "extreme": 100}
"""The largest chunk per size; chunks start at a quarter of it and double, so that a short
budget still makes comparisons. Each chunk starts two sandboxes (brute force, candidate),
which costs as much as some dozens of small runs in them (0.3 s against 6 ms on a loaded
machine): fewer, larger chunks are most of the stress stage's speed."""
STRESS_SEED = 8

PLANNED = "planned comparisons made"
EXHAUSTED = "every drawn input compared"
WALL_CAP = "the --stress-seconds wall cap"
LOOP_TIME = "the loop's time budget"


@dataclass
class StressRecord:
    """One candidate's stress search: what was planned, what was made, and why it stopped."""

    planned: int
    comparisons: int = 0
    by_size: dict[str, int] = field(default_factory=dict)
    brute_failed: int = 0
    invalid: int = 0
    counterexample: str | None = None
    seconds: float = 0.0
    stopped: str = ""
    """`planned comparisons made`, `every drawn input compared`, `the --stress-seconds wall
    cap`, `the loop's time budget`, or `a disagreement`."""
    executor: str = "warm"

    @property
    def weak(self) -> bool:
        """A wall clock, not the plan, ended the search: fewer comparisons than planned."""
        return self.stopped in (WALL_CAP, LOOP_TIME) and self.comparisons < self.planned

    def count(self, size: str) -> None:
        self.comparisons += 1
        self.by_size[size] = self.by_size.get(size, 0) + 1

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "weak": self.weak}


def stress(state: LoopState, cand: Candidate) -> LoopTest | None:
    """The counterexample found for `cand` (already a test, run and predicted), or None."""
    if cand.id in state.stress:
        found = state.stress[cand.id].counterexample
        return next((t for t in state.tests if t.id == found), None)
    if not state.brute_trusted or state.brute_code is None:
        state.skip("stress", "no trusted brute force")
        return None
    if state.generator_code is None:
        state.skip("stress", "no usable generator")
        return None
    if state.budget.stress_seconds <= 0:
        state.skip("stress", "--stress-seconds is 0")
        return None
    if state.budget.stress_comparisons <= 0:
        state.skip("stress", "--stress-comparisons is 0")
        return None
    pool = _pool(state)
    record = StressRecord(planned=state.budget.stress_comparisons)
    start = time.monotonic()
    cap = state.budget.stress_seconds
    by_loop = state.seconds_left() < cap
    deadline = start + max(0.0, min(cap, state.seconds_left()))
    affordable = {size: True for size in pool}
    offsets = dict.fromkeys(pool, 0)
    chunks = {size: CHUNK[size] if state.jobs > 1 else max(1, CHUNK[size] // 4) for size in pool}
    try:
        while record.comparisons < record.planned and any(
            affordable[s] and offsets[s] < len(pool[s]) for s in pool
        ):
            if time.monotonic() >= deadline:
                record.stopped = LOOP_TIME if by_loop else WALL_CAP
                break
            for size in pool:
                if not affordable[size] or offsets[size] >= len(pool[size]):
                    continue
                left = record.planned - record.comparisons
                take = min(chunks[size], max(1, left))
                chunk = pool[size][offsets[size] : offsets[size] + take]
                offsets[size] += take
                chunks[size] = min(CHUNK[size], 2 * chunks[size])
                found = _compare_chunk(state, cand, size, chunk, deadline, record, affordable)
                if found is not None:
                    record.stopped = "a disagreement"
                    test = _counterexample(state, cand, size, found)
                    record.counterexample = test.id
                    return test
                if record.comparisons >= record.planned or time.monotonic() >= deadline:
                    break
        if not record.stopped:
            record.stopped = PLANNED if record.comparisons >= record.planned else EXHAUSTED
    finally:
        record.seconds = round(time.monotonic() - start, 3)
        state.stress[cand.id] = record
    if not record.comparisons:
        state.skip(
            "stress",
            f"stopped by {record.stopped} before any comparison"
            if record.weak
            else "no input the brute force could answer",
        )
    sizes = ", ".join(f"{k} {v}" for k, v in record.by_size.items())
    state.note(
        "stress",
        f"{cand.id}: {record.comparisons} of {record.planned} planned comparisons with the "
        f"brute force ({sizes}), no disagreement; stopped by {record.stopped}"
        + (" (weak evidence)" if record.weak else ""),
    )
    return None


def _pool(state: LoopState) -> dict[str, list[str]]:
    """Stress inputs by size, drawn once (other draws than the tests': a seed of their own)."""
    if state.stress_pool is not None:
        return state.stress_pool
    known = {t.input for t in state.tests}
    pool: dict[str, list[str]] = {}
    large = [t for t in state.tests if t.large and t.origin == "generated"]
    brute_affords_large = bool(large) and all(t.brute is not None for t in large)
    sizes = [
        size
        for size in STRESS_SIZES
        if not (size == "large" and not brute_affords_large) and size not in state.generator_failed
    ]

    def draw(size: str) -> DriverResult:
        return state.sandbox.draw(
            state.generator_code or "",
            size,
            _drawn(state, size),
            limits=DRIVER_LIMITS.with_(  # drawing costs a bounded time too
                time_s=max(10.0, state.budget.stress_seconds),
                wall_s=max(10.0, state.budget.stress_seconds),
            ),
            seed=STRESS_SEED,
        )

    # The sizes' draws are independent driver runs (each mostly hypothesis starting up).
    for size, drawn in zip(sizes, each(draw, sizes, state.jobs), strict=True):
        if drawn.ok and isinstance(drawn.value, list):
            pool[size] = [str(t) for t in drawn.value if t not in known]
        else:
            if drawn.error.startswith("JE"):
                raise JudgeFailure(f"judge error drawing stress inputs: {drawn.error}")
            state.note("stress", f"the generator failed for size {size}: {drawn.error}")
    if state.bounds and not state.task.interactive:
        extremes = [
            t for t in tests.extreme_inputs(state, _drawn(state, "extreme")) if t not in known
        ]
        if extremes:
            pool["extreme"] = extremes
    state.stress_pool = pool
    return pool


def _drawn(state: LoopState, size: str) -> int:
    """How many inputs to draw of `size`: enough for the planned comparisons."""
    if size == "large":
        return LARGE_DRAWN
    return max(1, round(SHARE[size] * state.budget.stress_comparisons))


def _batch(
    state: LoopState, code: str, texts: list[str], limits: Limits, deadline: float, who: str
) -> list[QuickRun]:
    """A batch run; a judge error on an input is retried once from there, then stops the
    loop."""
    # run_batch takes seconds from the call; the loop keeps instants on the monotonic clock.
    run_batch = state.sandbox.run_batch
    results = run_batch(code, texts, limits, deadline_s=max(0.0, deadline - time.monotonic()))
    retried = False
    while True:
        bad = next((i for i, r in enumerate(results) if r.verdict == Verdict.JE), None)
        if bad is None:
            return results
        if retried:
            raise JudgeFailure(f"judge error running {who}: {results[bad].message}")
        retried = True
        results = results[:bad] + run_batch(
            code, texts[bad:], limits, deadline_s=max(deadline - time.monotonic(), 5.0)
        )


def _compare_chunk(
    state: LoopState,
    cand: Candidate,
    size: str,
    chunk: list[str],
    deadline: float,
    record: StressRecord,
    affordable: dict[str, bool],
) -> str | None:
    """The first input of `chunk` on which the candidate fails or disagrees with the brute
    force, among those the brute force answers. Only a disagreeing input is checked by the
    input validators (an invalid one is counted and passed over): validating every input
    would cost as much as the comparisons themselves."""
    brute_code = runnable(state.task, state.brute_code or "")
    cand_code = runnable(state.task, cand.code)
    if state.jobs > 1:
        # Side by side, the candidate on every input of the chunk: its runs of inputs the
        # brute force then fails on are wasted, but neither waits for the other.
        programs = {"brute": (brute_code, state.brute_limits), cand.id: (cand_code, state.limits)}
        brute, all_runs = each(
            lambda who: _batch(state, programs[who][0], chunk, programs[who][1], deadline, who),
            list(programs),
            2,
        )
    else:
        # The brute force may use half of what is left, so that the candidate's runs of the
        # inputs it answered still fit.
        brute_deadline = time.monotonic() + (deadline - time.monotonic()) / 2
        brute = _batch(state, brute_code, chunk, state.brute_limits, brute_deadline, "brute")
    answered = [
        (i, t, r.stdout)
        for i, (t, r) in enumerate(zip(chunk, brute, strict=False))
        if r.verdict == Verdict.OK
    ]
    failed = len(brute) - len(answered)
    record.brute_failed += failed
    if brute and failed * 2 > len(brute):
        affordable[size] = False
        state.note(
            "stress",
            f"the brute force cannot afford size {size} ({failed} of {len(brute)} inputs failed)",
        )
    if state.jobs > 1:
        # A list shorter than the chunk ends where the deadline passed.
        runs = [all_runs[i] for i, _, _ in answered if i < len(all_runs)]
    else:
        runs = _batch(
            state, cand_code, [t for _, t, _ in answered], state.limits, deadline, cand.id
        )
    check = state.work / "stress.in"
    for (_, text, expected), run in zip(answered, runs, strict=False):
        check.write_text(text)
        probe = LoopTest("stress", "stress", size, text, check)
        if run.verdict == Verdict.OK and state.same(probe, run.stdout, expected):
            record.count(size)
            continue
        if not state.accept(text):
            record.invalid += 1
            continue
        record.count(size)
        return text
    return None


def _counterexample(state: LoopState, cand: Candidate, size: str, text: str) -> LoopTest:
    """The disagreement as a test: shrunk by hypothesis when it can, then run through the
    brute force, the predictions and the candidate."""
    origin = "stress"
    if size in ("large", "extreme"):  # not hypothesis's draws at that size: kept as they are
        return _as_test(state, cand, origin, "" if size == "extreme" else size, text)
    found = state.sandbox.shrink(
        state.generator_code or "",
        size,
        runnable(state.task, cand.code),
        runnable(state.task, state.brute_code or ""),
        timeout_s=max(2.0, 2 * state.task.time_limit_s),
    )
    if (
        found.ok
        and isinstance(found.value, str)
        and len(found.value) < len(text)
        and state.accept(found.value)
    ):
        text, origin = found.value, "shrunk"
    return _as_test(state, cand, origin, "tiny" if origin == "shrunk" else size, text)


def _as_test(state: LoopState, cand: Candidate, origin: str, size: str, text: str) -> LoopTest:
    count = sum(1 for t in state.tests if t.origin == origin) + 1
    test = state.add_test(f"{origin}/{count}", origin, size, text)
    program = state.build(state.brute_code or "", "brute")
    if program is not None:
        brute_on(state, program, test)
    predict_one(state, test)
    run_on(state, cand, test)
    state.note("stress", f"{cand.id} disagrees with the brute force on {test.id}")
    return test
