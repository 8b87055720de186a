"""Tests: the samples, the model's edge cases, inputs drawn from its hypothesis generator (tiny,
small, large) and its optional worst cases at the maximum constraints (and the large inputs
with their longest line sorted), every non-sample input checked by the package's and the
model's input validators."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from sandbox.languages import Program
from solver import bounds, inputs, parse, prompts
from solver.inputs import DRIVER_LIMITS
from solver.loop.state import LoopState, defines
from solver.pool import each

SIZES = (("tiny", 4), ("small", 6), ("large", 2))
EXTREME_TESTS = 6
"""Tests made of small inputs with values at their stated extremes (more go to stress)."""
WORST_SCALES = (1.0, 0.3, 0.1, 0.03, 0.01, 0.003)
"""Scales of the maximum constraints at which `worst_cases` is asked for inputs: 1.0 gives
tests at the maximum, the others points of the time curve."""


def make_tests(state: LoopState) -> None:
    for sample in state.task.samples:
        state.add_test(sample.name, "sample", "", sample.input, truth=sample.output)
    config = state.client.config
    statement = state.task.shown_to_model()
    edge = (
        state.ask(
            state.shaped(prompts.edge_cases(statement, config), "tests"),
            lambda text: parse.input_blocks(text) or None,
            "inputs",
        )
        or []
    )
    state.generator_code = state.ask(
        state.shaped(prompts.asking_worst_cases(prompts.generator(statement, config)), "tests"),
        defines("inputs"),
        "code",
    )
    generated, worst, why_no_large = _draw(state)
    state.bounds = _bounds(state)
    state.validator_code = state.ask(
        state.shaped(prompts.validator(statement, config), "tests"), parse.python_code, "code"
    )
    accept = state.accept = input_filter(state)
    pending = [("edge", "", text) for text in edge]
    pending += [("generated", size, text) for size, text in generated]
    pending += [("worst", "max", text) for text in worst]
    pending += [
        ("sorted", "max", text)
        for size, large in generated
        if size == "large"
        for text in sorted_variants(large)
    ]
    seen = {t.input for t in state.tests}
    # Each input costs a run of every validator: state.jobs inputs at a time.
    fresh = list(dict.fromkeys(text for _, _, text in pending if text not in seen))
    valid = dict(zip(fresh, each(accept, fresh, state.jobs), strict=True))
    rejected: dict[str, int] = {}
    for origin, size, text in pending:
        if text in seen:
            continue
        if not valid[text]:
            rejected[size or origin] = rejected.get(size or origin, 0) + 1
            continue
        seen.add(text)
        count = sum(1 for t in state.tests if t.origin == origin and t.size == size) + 1
        name = f"{origin}/{size}-{count}" if size else f"{origin}/{count}"
        state.add_test(name, origin, size, text)
    if rejected:
        state.note(
            "tests",
            f"{sum(rejected.values())} input(s) rejected by the input "
            "validators (" + ", ".join(f"{k}: {v}" for k, v in rejected.items()) + ")",
        )
    _extreme_tests(state, seen)
    if not any(t.large for t in state.tests):
        state.max_missing = why_no_large or (
            "the input validators rejected every input at the maximum sizes"
            if rejected.get("large") or rejected.get("max")
            else "the generator gave no input at the maximum sizes"
        )
        state.note("tests", f"no input reaches the maximum constraints: {state.max_missing}")
    _check_reach(state)


def _bounds(state: LoopState) -> list[bounds.Bound]:
    """The input's bounds: the statement's constraint chains, and the model's list (one
    optional request), checked against the statement (its numbers win)."""
    if state.task.interactive:  # the input is the interactor's: nothing to reach or vary
        return []
    stated = bounds.statement_bounds(state.task.statement)
    rows = state.ask_optional(
        prompts.bounds(state.task.shown_to_model(), state.client.config), parse.bounds_rows
    )
    merged, notes = bounds.merge(stated, bounds.model_bounds(rows or []), state.task.statement)
    for note in notes:
        state.note("tests", note)
    if merged:
        shown = ", ".join(f"{b.low} <= {b.name} <= {b.high} ({b.kind})" for b in merged)
        state.note("tests", f"bounds: {shown}")
    return merged


def extreme_inputs(state: LoopState, count: int) -> list[str]:
    """Variants of the small inputs (samples, tiny and small draws) with values at their
    stated extremes, not yet validated. Stress draws more of them with another seed."""
    values = bounds.extreme_values(state.bounds, state.task.statement)
    base = [t.input for t in state.tests if t.origin in ("sample", "generated") and not t.large]
    return bounds.extreme_variants(base, values, count, seed=16 + count)


def _extreme_tests(state: LoopState, seen: set[str]) -> None:
    """Extreme values at small sizes, where the brute force can still answer: up to
    EXTREME_TESTS valid variants become tests of origin `extreme`."""
    if state.task.interactive or not state.bounds:
        return
    made = 0
    # Each candidate costs a run of every input validator: at most twice what is kept.
    for text in extreme_inputs(state, 2 * EXTREME_TESTS):
        if made >= EXTREME_TESTS:
            break
        if text in seen or not state.accept(text):
            continue
        seen.add(text)
        made += 1
        state.add_test(f"extreme/{made}", "extreme", "", text)
    if made:
        state.note("tests", f"{made} input(s) with values at their stated extremes")


def _check_reach(state: LoopState) -> None:
    """The maximum is the maximum: the largest input must come within bounds.REACH of the
    largest size bound, or nothing is verified."""
    if state.task.interactive:
        return
    large = [t.input for t in state.tests if t.large]
    if state.bounds:
        odd = bounds.unexplained_values(state.bounds, [t.input for t in state.tests])
        if odd:
            state.note(
                "tests",
                f"the validators accept values beyond every stated bound ({odd}): the bounds "
                "may miss a variable",
            )
    state.reach = bounds.reach(state.bounds, large)
    if state.reach is None:
        state.skip("reach", "no size bound known (statement or model)")
        return
    r = state.reach
    if large and not r.enough and not state.max_missing:
        state.max_missing = (
            f"the largest input reaches size {r.reached} of {r.bound} <= {r.target} "
            f"({r.ratio:.0%}; {bounds.REACH:.0%} is needed)"
        )
        state.note("tests", f"no input reaches the maximum constraints: {state.max_missing}")


def _draw(state: LoopState) -> tuple[list[tuple[str, str]], list[str], str]:
    """(generated inputs by size, worst cases at the maximum, why there is no large input).
    The generator is model code that may never return: all its calls together get
    `generator_seconds` of wall time, and a call cut by that is reported as timed out."""
    if state.generator_code is None:
        state.skip("worst cases", "no usable generator")
        return [], [], "no usable generator"
    deadline = time.monotonic() + state.budget.generator_seconds

    def draw(size: str, count: int) -> inputs.DriverResult | None:
        return _driver(
            state,
            deadline,
            f"the generator for size {size}",
            lambda limits: state.sandbox.draw(
                state.generator_code or "", size, count, limits=limits
            ),
        )

    def worst_cases() -> inputs.DriverResult | None:
        return _driver(
            state,
            deadline,
            "the generator's worst_cases",
            lambda limits: state.sandbox.worst_cases(
                state.generator_code or "", list(WORST_SCALES), limits=limits
            ),
        )

    # Independent driver runs (each mostly hypothesis starting up), state.jobs at a time,
    # within the same shared time.
    jobs: list[Callable[[], inputs.DriverResult | None]] = [
        functools.partial(draw, size, count) for size, count in SIZES
    ]
    *draws, found = each(lambda job: job(), [*jobs, worst_cases], state.jobs)
    generated: list[tuple[str, str]] = []
    why_no_large = ""
    for (size, _), drawn in zip(SIZES, draws, strict=True):
        if drawn is None or not drawn.ok:
            state.generator_failed.add(size)
        if drawn is None:
            why_no_large = why_no_large or ("the generator timed out" if size == "large" else "")
            continue
        if drawn.ok and isinstance(drawn.value, list):
            generated += [(size, str(text)) for text in drawn.value]
            if size == "large" and not drawn.value:
                why_no_large = "the generator gave no input for size large"
        else:
            what = "timed out" if drawn.error.startswith("TLE") else "failed"
            state.note("tests", f"the generator {what} for size {size}: {drawn.error}")
            if size == "large":
                why_no_large = f"the generator {what} for size large"
    worst: list[str] = []
    if found is None:
        state.skip("worst cases", "the generator timed out")
    elif not found.ok or not isinstance(found.value, dict):
        state.skip("worst cases", f"the generator failed: {found.error}")
    elif not found.value.get("defined"):
        state.skip("worst cases", "the generator defines no worst_cases(scale)")
    else:
        cases = {float(k): v for k, v in dict(found.value.get("cases") or {}).items()}
        for scale, error in dict(found.value.get("errors") or {}).items():
            state.note("tests", f"worst_cases({scale}) failed: {error}")
        worst = [str(t) for t in cases.get(1.0, [])]
        state.worst_points = {s: [str(t) for t in v] for s, v in cases.items() if s < 1.0}
        if not worst:
            state.skip("worst cases", "worst_cases(1.0) gave no input")
    return generated, worst, why_no_large


def _driver(
    state: LoopState, deadline: float, what: str, call: Callable[..., inputs.DriverResult]
) -> inputs.DriverResult | None:
    """One driver call within what is left of the generator's time; None (and an event
    saying so) when that time is spent. A judge error is retried once."""
    for attempt in (1, 2):
        left = deadline - time.monotonic()
        if left < 1.0:
            state.note(
                "tests",
                f"{what} timed out: the generator's {state.budget.generator_seconds:g} s are spent",
            )
            return None
        limits = DRIVER_LIMITS.with_(time_s=min(DRIVER_LIMITS.time_s, left), wall_s=left)
        result = call(limits)
        if result.ok or not result.error.startswith("JE"):
            if (
                not result.ok
                and result.error.startswith("TLE")
                and deadline - time.monotonic() < 1.0
            ):
                state.note(
                    "tests",
                    f"{what} timed out after {state.budget.generator_seconds:g} s for all sizes",
                )
                return None
            return result
        if attempt == 2:
            state.driver_failed(result.error, what)
        state.note("tests", f"judge error drawing inputs ({result.error}); retrying")
    return None


def input_filter(state: LoopState) -> Callable[[str], bool]:
    """A function telling whether an input is valid, by the package's input validators
    (exit 42) and the model's (exit 0). A model validator that rejects a sample is wrong
    and is not used."""
    checks: list[tuple[Program, int]] = [(p, 42) for p in state.task.input_validators]
    if state.validator_code is not None:
        program = state.build(state.validator_code, "validator")
        if program is not None:
            if all(state.valid(program, 0, s.input) for s in state.task.samples):
                checks.append((program, 0))
                state.model_validator = program
            else:
                state.note("tests", "the model's input validator rejects a sample: not used")
    return lambda text: all(state.valid(p, code, text) for p, code in checks)


def sorted_variants(text: str) -> list[str]:
    """The input with its longest line (an array of at least 10 numbers) sorted ascending and
    descending: the shapes that are slowest for many obvious algorithms (naive quicksort, a
    stack that never pops, a scan that never stops early). Only the validators' verdict makes
    them tests."""
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i].split()))
    tokens = lines[longest].split()
    if len(tokens) < 10 or not all(_number(t) for t in tokens):
        return []
    variants = []
    for reverse in (False, True):
        ordered = sorted(tokens, key=float, reverse=reverse)
        if ordered != tokens:
            variant = [*lines[:longest], " ".join(ordered), *lines[longest + 1 :]]
            variants.append("\n".join(variant))
    return variants


def _number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True
