"""Alternative solutions (`alt`): independent efficient solutions the model writes in fresh
conversations that never see a candidate, oracles at every size the brute force cannot reach
(the maximum included).

Each earns trust by passing every sample; arbitration (`arbitration.settle`) then weighs it
against the brute force and the predictions on every test, and one that is overruled on any
test is trusted no more. Where a candidate disagrees with one on a large input that nothing
else answers, the loop looks for a small input that separates the two (hypothesis shrinking
the generator's draws), where the brute force and the predictions can settle it.
"""

from __future__ import annotations

import re

from sandbox.languages import Program
from sandbox.limits import Limits
from sandbox.verdict import Verdict
from solver import parse, prompts
from solver.loop.separate import separating_test
from solver.loop.state import LoopState
from solver.pool import each
from solver.report import Alternative, Candidate, LoopTest

HINTS = (
    "",
    "Use a different approach from a straightforward simulation or greedy: for example "
    "dynamic programming, a closed formula, or a different traversal order.",
    "Write it as a contestant who double-checks every bound would, preferring simple, "
    "clearly correct steps over clever ones.",
)
"""One more sentence for the second and later alternatives, so that they differ."""


def real_valued(state: LoopState) -> bool:
    """The samples' answers hold decimal fractions: one alternative is asked for exact
    arithmetic (a float error that grows with the input shows only at large sizes)."""
    return any(
        re.search(r"(?<![\w.])-?\d+\.\d+(?![\w.])", s.output or "") for s in state.task.samples
    )


def alt_limits(state: LoopState) -> Limits:
    """Alternatives are meant to be fast; twice the limit (at least 2 s) leaves room for a
    slower method without waiting as long as the brute force may."""
    return Limits(time_s=max(2 * state.task.time_limit_s, 2.0), memory_mib=state.task.memory_mib)


def write(state: LoopState) -> None:
    """Ask for `--alternatives` solutions, keep those that pass every sample, run them on
    every test."""
    if state.task.interactive:
        return
    wanted = state.budget.alternatives
    if wanted <= 0:
        state.skip("alternatives", "--alternatives is 0")
        return
    exact_one = real_valued(state)
    for index in range(wanted):
        _ask_one(state, index, exact=exact_one and index == wanted - 1)
    if not any(a.trusted for a in state.alternatives):
        state.skip("alternatives", "no alternative solution passes every sample")
    fill(state)


def tie_breaker(state: LoopState) -> bool:
    """One more alternative, asked once per loop where the oracles conflict with nothing to
    decide between them (two programs, or a program and predictions no more asking changes):
    two agreeing independent programs settle a test (arbitration, rule 3), which neither
    side alone can. The candidate plays no part in asking. Returns whether a trusted one was
    added (and run on every test)."""
    if state.task.interactive or state.budget.alternatives <= 0 or state.tie_breaker_asked:
        return False
    state.tie_breaker_asked = True
    alt = _ask_one(state, len(state.alternatives), exact=real_valued(state))
    if alt is None or not alt.trusted:
        return False
    state.note("alt", f"{alt.id} was asked for because oracles conflict with nothing to decide")
    fill(state)
    return True


def _ask_one(state: LoopState, index: int, *, exact: bool) -> Alternative | None:
    prompt = prompts.alternative(
        state.task.shown_to_model(),
        state.client.config,
        exact=exact,
        hint=HINTS[min(index, len(HINTS) - 1)],
    )
    code = state.ask_optional(prompt, parse.python_code)
    if code is None:
        state.note("alt", "no usable alternative solution in the reply")
        return None
    alt = Alternative(f"alt{len(state.alternatives) + 1}", code, exact)
    state.alternatives.append(alt)
    _earn_trust(state, alt)
    return alt


def _earn_trust(state: LoopState, alt: Alternative) -> None:
    program = state.build(alt.code, alt.id)
    if program is None:
        alt.why = "does not compile"
        return
    for sample in (t for t in state.tests if t.truth is not None):
        run = state.execute(program, alt_limits(state), sample.path, alt.id, alt.code)
        alt.tests.add(sample.id)
        if run.verdict is not Verdict.OK or not state.same(
            sample, run.stdout.decode(errors="replace"), sample.truth or ""
        ):
            alt.why = f"fails {sample.id}"
            state.note("alt", f"{alt.id} fails {sample.id}: not used")
            return
    alt.trusted = True


def fill(state: LoopState) -> None:
    """Every trusted alternative on every test it has not met yet (tests are added by stress,
    shrinking and separation as the loop goes)."""
    for alt in (a for a in state.alternatives if a.trusted):
        todo = [t for t in state.tests if t.id not in alt.tests and t.truth is None]
        if not todo:
            continue
        program = state.build(alt.code, alt.id)
        if program is None:
            alt.trusted, alt.why = False, "no longer compiles"
            continue
        alt.tests.update(t.id for t in todo)

        def on(test: LoopTest, alt: Alternative = alt, program: Program = program) -> None:
            run = state.execute(program, alt_limits(state), test.path, alt.id, alt.code)
            if run.verdict is Verdict.OK:
                test.alts[alt.id] = run.stdout.decode(errors="replace")

        each(on, todo, state.jobs)


def distrust(state: LoopState, name: str, test: LoopTest, rule: str) -> None:
    alt = next(a for a in state.alternatives if a.id == name)
    if alt.trusted:
        alt.trusted, alt.why = False, f"overruled on {test.id}: {rule}"
        state.note("alt", f"{name} is overruled on {test.id} ({rule}): trusted no more")


def separate(state: LoopState, cand: Candidate, test: LoopTest) -> LoopTest | None:
    """A small input on which `cand` and the alternative it contradicts on the large `test`
    differ (searched once per pair), added as a test that the brute force and the
    predictions can answer, `cand` run on it; None when none is found."""
    from solver.loop.oracles import run_on  # oracles calls this module

    run = state.runs.get((cand.id, test.id))
    if run is None or run.verdict is not Verdict.OK:
        return None
    for alt in (a for a in state.alternatives if a.trusted and a.id in test.alts):
        if (cand.id, alt.id) in state.separated or state.same(test, run.output, test.alts[alt.id]):
            continue
        state.separated.add((cand.id, alt.id))
        found = separating_test(state, (cand.id, cand.code), (alt.id, alt.code), test)
        if found is not None:
            run_on(state, cand, found)
            return found
    return None
