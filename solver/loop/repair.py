"""Repair: show the model the worst failure of the best candidate and take its fix. A fix
identical (up to whitespace) to an earlier candidate is not run again; the model is told so.
"""

from __future__ import annotations

import re

from sandbox import traces
from sandbox.limits import Limits
from sandbox.verdict import Verdict
from solver import parse, prompts
from solver import predict as world
from solver.client import ModelFailed
from solver.functional import runnable
from solver.loop.oracles import brute_on, predict_one, run_on
from solver.loop.state import LoopState, Miss, Score, shown_time
from solver.loop.timing import growth_text, stated_complexity
from solver.prompts import Failure, Prompt
from solver.report import Candidate, LoopTest


def repair(state: LoopState, score: Score, number: int) -> None:
    cand = state.candidate(score.candidate)
    miss = worst_failure(state, score, cand)
    prompt = _prompt(state, cand, miss)
    for attempt in (1, 2):
        code = state.ask(prompt, parse.python_code, "code")
        if code is None:
            return
        earlier = state.same_as_earlier(code)
        if earlier is None:
            state.add_candidate(code, f"repair of {cand.id}", number)
            return
        state.note(
            "repair",
            f"the repair is identical to {earlier.id}: not run again"
            + (", telling the model" if attempt == 1 else ""),
        )
        prompt = prompt.followed_by(f"```python\n{code}```", prompts.identical(earlier.id))


def _prompt(state: LoopState, cand: Candidate, miss: Miss) -> Prompt:
    statement = state.task.shown_to_model()
    config = state.client.config
    if miss.kind in ("slow", Verdict.TLE.value):
        stated_complexity(state, cand)  # predict, then compare: shown beside the curve
    if miss.kind == "slow":
        return state.shaped(
            prompts.slow(
                statement,
                cand.code,
                miss.test.input,
                miss.run.time_s,
                state.task.time_limit_s,
                state.budget.time_margin,
                miss.note,
                config,
            ),
            "solution",
        )
    run = miss.run
    if state.task.interactive:
        return _interactive_prompt(state, cand, miss)
    note = ""
    if run.verdict is Verdict.OK and not miss.test.large:
        note = trace_note(state, cand, miss.test)
    failure = Failure(
        miss.test.id,
        miss.test.input,
        run.verdict.value if run.verdict is not Verdict.OK else Verdict.WA.value,
        run.output,
        miss.expected,
        run.stderr,
        miss.sources,
        shown_time(run, state.task.time_limit_s),
        state.task.time_limit_s,
        miss.test.origin == "shrunk",
        note,
    )
    extra = miss.note
    if run.verdict is Verdict.TLE:
        extra = "\n".join(x for x in (extra, growth_text(state, cand)) if x)
    return prompts.repair_more(prompts.repair(statement, cand.code, failure, config), extra)


def _interactive_prompt(state: LoopState, cand: Candidate, miss: Miss) -> Prompt:
    """The test file the interactor read, the verdict and the interactor's judge message."""
    run = miss.run
    _, message = state.interactor.get((cand.id, miss.test.id), ("", ""))
    # A run that failed on its own (TLE, RTE...) has the runner's message, not the
    # interactor's: an RTE's ends with the program's last line of stderr.
    crashed = run.verdict in (Verdict.RTE, Verdict.MLE, Verdict.OLE)
    failure = Failure(
        miss.test.id,
        miss.test.input,
        run.verdict.value if run.verdict is not Verdict.OK else Verdict.WA.value,
        "",
        None,
        message if crashed else "",
        miss.sources,
        shown_time(run, state.task.time_limit_s),
        state.task.time_limit_s,
    )
    prompt = prompts.repair_interactive(
        state.task.shown_to_model(),
        cand.code,
        failure,
        message if run.verdict is Verdict.OK else "",
        state.client.config,
    )
    if run.verdict is Verdict.TLE:
        prompt = prompts.repair_more(prompt, growth_text(state, cand))
    return prompt


def worst_failure(state: LoopState, score: Score, cand: Candidate) -> Miss:
    """The failure to show: a sample first (ground truth), then the smallest disagreeing
    input (shrunk by hypothesis when the generator made it), then limits on large inputs."""

    def rank(miss: Miss) -> tuple[int, int]:
        test = miss.test
        # A generated input can be shrunk by hypothesis; an `extreme` variant cannot: after it.
        kind = (
            0
            if test.truth is not None
            else 3
            if test.large
            else 2
            if test.origin == "extreme"
            else 1
        )
        return (kind, len(test.input))

    miss = min(score.failures, key=rank)
    test, run = miss.test, miss.run
    if (
        test.origin == "generated"
        and not test.large
        and run.verdict is Verdict.OK
        and state.generator_code
        and state.brute_trusted
        and state.brute_code
        and not miss.note
    ):
        found = state.sandbox.shrink(
            state.generator_code,
            test.size,
            runnable(state.task, cand.code),
            runnable(state.task, state.brute_code),
            timeout_s=max(2.0, 2 * state.task.time_limit_s),
        )
        if found.ok and isinstance(found.value, str) and found.value != test.input:
            shrunk = add_shrunk(state, cand, found.value)
            record = state.runs[(cand.id, shrunk.id)]
            return Miss(shrunk, record, shrunk.brute, "the brute-force reference")
    return miss


def add_shrunk(state: LoopState, cand: Candidate, text: str) -> LoopTest:
    count = sum(1 for t in state.tests if t.origin == "shrunk") + 1
    test = state.add_test(f"shrunk/{count}", "shrunk", "tiny", text)
    program = state.build(state.brute_code or "", "brute")
    if program is not None:
        brute_on(state, program, test)
    predict_one(state, test)
    run_on(state, cand, test)
    return test


def trace_note(state: LoopState, cand: Candidate, test: LoopTest) -> str:
    """Show the model where its picture of its own program's execution on the failing input
    parts from reality: CWM predicts the trace and the first divergence is named; other
    models see the end of the real trace."""
    entry = "main" if re.search(r"^def main\(", cand.code, re.M) else None
    limits = Limits(time_s=state.task.time_limit_s * 5, memory_mib=state.task.memory_mib)
    if state.client.config.is_cwm:
        traced = traces.with_stdin(cand.code, test.input)
        real = state.sandbox.trace(traced, stdin=None, entry=entry, limits=limits)
        try:
            guess = world.predicted_trace(state.client, traced, entry)
        except ModelFailed as exc:
            state.note("trace", str(exc))
            return ""
        divergence = traces.first_divergence(guess, real.trace)
        if divergence is None:
            return ""
        text = (
            "Tracing your program on this input (with the input built in, which adds "
            "two lines at the top): " + divergence.sentence + "."
        )
        kind = "divergence"
    else:
        real = state.sandbox.trace(cand.code, stdin=test.path, entry=entry, limits=limits)
        if not real.trace.frames:
            return ""
        text = (
            "The end of your program's real execution on this input (line, the line "
            "about to run, locals that changed):\n```\n"
            f"{world.excerpt(real.trace)}\n```"
        )
        kind = "excerpt"
    state.trace_notes.append({"candidate": cand.id, "test": test.id, "kind": kind, "text": text})
    return text
