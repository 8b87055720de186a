"""Separating inputs: where two programs (a candidate and an alternative solution, or two
candidates) differ on an input that only they reach, a small input on which they differ too,
where the brute force and the predictions can say which is right.

First hypothesis shrinks the generator's draws until the two differ (sizes small, then tiny);
then, as S* does, the model is asked for a distinguishing input (stage `separate`: both
programs shown as "program A" and "program B", never which is the candidate), kept when it is
valid and the two really differ on it. The input becomes a test of origin `separating`,
answered by every oracle; the caller runs the candidates on it.
"""

from __future__ import annotations

from sandbox.verdict import Verdict
from solver import parse, prompts
from solver.functional import runnable
from solver.loop.state import LoopState
from solver.report import LoopTest

SIZES = ("small", "tiny")
"""Generator sizes shrunk for a separating input."""


def separating_test(
    state: LoopState, first: tuple[str, str], second: tuple[str, str], where: LoopTest
) -> LoopTest | None:
    """A new test separating the programs `first` and `second` (name, code), which differ on
    `where`; None when neither shrinking nor the model finds one."""
    text = _shrunk(state, first[1], second[1]) or _asked(state, first[1], second[1])
    names = f"{first[0]} and {second[0]}"
    if text is None:
        state.note(
            "separate",
            f"no small input separates {first[0]} from {second[0]} (they differ on {where.id})",
        )
        return None
    count = sum(1 for t in state.tests if t.origin == "separating") + 1
    test = state.add_test(f"separating/{count}", "separating", "tiny", text)
    state.note("separate", f"{names} differ on {where.id}; {test.id} separates them")
    from solver.loop import alt
    from solver.loop.oracles import brute_on, predict_one  # oracles calls this module

    if state.brute_trusted and state.brute_code:
        program = state.build(state.brute_code, "brute")
        if program is not None:
            brute_on(state, program, test)
    predict_one(state, test)
    alt.fill(state)
    return test


def _new(state: LoopState, text: str | None) -> str | None:
    if text is None or any(t.input == text for t in state.tests) or not state.accept(text):
        return None
    return text


def _shrunk(state: LoopState, code_a: str, code_b: str) -> str | None:
    if state.generator_code is None:
        return None
    for size in SIZES:
        if size in state.generator_failed or state.out_of_budget():
            continue
        found = state.sandbox.shrink(
            state.generator_code,
            size,
            runnable(state.task, code_a),
            runnable(state.task, code_b),
            timeout_s=max(2.0, 2 * state.task.time_limit_s),
        )
        text = _new(state, found.value if found.ok and isinstance(found.value, str) else None)
        if text is not None:
            return text
    return None


def _asked(state: LoopState, code_a: str, code_b: str) -> str | None:
    """The model's distinguishing input, if the two programs differ on it (by the checker,
    each one's output standing as the other's answer)."""
    prompt = prompts.distinguish(state.task.shown_to_model(), code_a, code_b, state.client.config)
    found = state.ask_optional(prompt, lambda text: parse.input_blocks(text) or None)
    for text in found or []:
        text = _new(state, text if text.endswith("\n") else text + "\n")
        if text is None:
            continue
        probe = state.work / "separate.in"
        probe.write_text(text)
        probe.chmod(0o644)
        outputs = []
        for name, code in (("A", code_a), ("B", code_b)):
            program = state.build(code, f"separate-{name}")
            run = None if program is None else state.execute(program, state.limits, probe, name)
            outputs.append(
                run.stdout.decode(errors="replace")
                if run is not None and run.verdict is Verdict.OK
                else None
            )
        a, b = outputs
        check = LoopTest("separate", "separating", "tiny", text, probe)
        if a is None or b is None or not state.same(check, a, b):
            return text
    return None
