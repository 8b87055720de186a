"""Oracles and arbitration: what the expected output of a test is, and whether a candidate
meets it.

Two independent oracles for every small non-sample test: the majority of the model's
predictions, and a brute-force reference run in the sandbox (trusted only if it passes every
sample). The candidate is never a voter: when the oracles disagree with each other, or a
prediction stands alone on a split vote against the candidate, more predictions are asked
for; a disagreement that remains blocks "verified" and is shown to the model whole.
"""

from __future__ import annotations

from dataclasses import replace

from sandbox.languages import Program
from sandbox.verdict import Verdict
from solver import parse, prompts
from solver.client import ModelFailed
from solver.loop import alt, interactive, protocol
from solver.loop.arbitration import (
    PREDICTION,
    ProgramAnswer,
    Same,
    Settlement,
    judge,
    settle,
)
from solver.loop.state import LoopState, Miss, Score, record, shown_time
from solver.pool import each
from solver.report import Candidate, Disagreement, LoopTest, RunRecord


def predict(state: LoopState) -> None:
    if state.task.interactive:
        interactive.skip_oracles(state)
        return
    small = [t for t in state.tests if t.truth is None and not t.large]
    state.brute_code = state.ask(
        prompts.brute(state.task.shown_to_model(), state.client.config), parse.python_code, "code"
    )
    program = trusted_brute(state) if state.brute_code is not None else None
    if state.brute_code is None:
        state.skip("stress", "no brute force")

    def brute_runs() -> None:
        if program is None:
            return
        each(lambda t: brute_on(state, program, t), small, state.jobs)
        # Where the brute force can afford the maximum sizes too, it is an oracle there
        # (overflow, precision and cut-offs show only on large inputs); the first one it
        # cannot answer ends the attempt, so this costs at most one of its time limits.
        for test in (t for t in state.tests if t.large):
            brute_on(state, program, test)
            if test.brute is None:
                break

    # The brute force runs, the alternatives are written and run, and the predictions are
    # asked for at the same time: none needs another (each alternative earns its trust on the
    # samples alone), and two of them wait mostly on the model.
    each(
        lambda job: job(),
        [
            brute_runs,
            lambda: alt.write(state),
            lambda: each(lambda t: predict_one(state, t), small, state.model_concurrency),
        ],
        workers=3,
    )
    # Oracles that disagree with each other (or a tie) are a question for more predictions,
    # asked before any candidate is compared, so no candidate can settle it.
    _ask_where_unsettled(state, small)
    settle_all(state)


def _ask_where_unsettled(state: LoopState, tests: list[LoopTest]) -> None:
    contested = [t for t in tests if t.predictions and settlement(state, t).ask_more]
    each(lambda t: predict_more(state, t), contested, state.model_concurrency)


def predictions_reliable(state: LoopState) -> bool:
    """Whether unanimous predictions may stand against a trusted brute force. The brute force
    earned its trust on the samples; the predictions must too: the first time they stand
    against it, the model predicts the samples (whose outputs are known), and a wrong or
    split prediction there means its predictions lose to the brute force."""
    if state.prediction_check is None:
        state.prediction_check = _wrong_on_a_sample(state)
        if state.prediction_check:
            state.skip(
                "prediction",
                f"{state.prediction_check}, so the brute force decides where the two disagree",
            )
    return not state.prediction_check


def _wrong_on_a_sample(state: LoopState) -> str:
    for sample in [t for t in state.tests if t.truth is not None][:3]:
        outputs = _predictions(state, sample.input)
        if outputs is None:
            return ""  # unknown: the predictions keep their say
        majority, _ = parse.majority(outputs)
        if majority is None or not state.same(sample, majority, sample.truth or ""):
            return f"the model's predictions are wrong on {sample.id}"
    return ""


def trusted_brute(state: LoopState) -> Program | None:
    """The brute force, if it passes every sample (else it is not used at all)."""
    program = state.build(state.brute_code or "", "brute")
    if program is None:
        state.skip("stress", "the brute force does not compile")
        return None
    for sample in (t for t in state.tests if t.truth is not None):
        run = state.execute(program, state.brute_limits, sample.path, "brute", state.brute_code)
        if run.verdict is not Verdict.OK or not state.same(
            sample, run.stdout.decode(errors="replace"), sample.truth or ""
        ):
            state.note("predict", f"the brute-force reference fails {sample.id}: not used")
            state.skip("stress", f"the brute force fails {sample.id}")
            return None
    state.brute_trusted = True
    return program


def brute_on(state: LoopState, program: Program, test: LoopTest) -> None:
    run = state.execute(program, state.brute_limits, test.path, "brute", state.brute_code)
    test.brute_verdict = run.verdict.value
    if run.verdict is Verdict.OK:
        test.brute = run.stdout.decode(errors="replace")


def _predictions(state: LoopState, text: str) -> list[str] | None:
    """`--predictions` predicted outputs for the input `text` (those that parse); None when
    the request failed."""
    prompt = prompts.predict(state.task.shown_to_model(), text, state.client.config)
    try:
        replies = state.client.chat(
            prompt.stage,
            prompt.messages,
            n=state.budget.predictions,
            prefill_think=prompt.prefill_think,
        )
    except ModelFailed as exc:
        state.note("predict", str(exc))
        return None
    return [o for r in replies if (o := parse.output_block(r.answer))]


def predict_one(state: LoopState, test: LoopTest) -> None:
    if state.out_of_budget():
        return
    outputs = _predictions(state, test.input)
    if outputs is None:
        return
    test.predictions += outputs
    test.predicted, test.votes = parse.majority(test.predictions)
    if test.predictions and test.predicted is None and not test.repredicted:
        state.note("predict", f"{test.id}: predictions tie, no majority")


def predict_more(state: LoopState, test: LoopTest) -> None:
    """Once per test: as many predictions again, and the majority of all of them."""
    if test.repredicted:
        return
    test.repredicted = True
    before = (test.predicted, test.votes, len(test.predictions))
    predict_one(state, test)
    state.note(
        "predict",
        f"{test.id}: asked for more predictions "
        f"({before[1]} of {before[2]} before, {test.votes} of "
        f"{len(test.predictions)} now" + (", no majority" if test.predicted is None else "") + ")",
    )


def settlement(state: LoopState, test: LoopTest) -> Settlement:
    """What the oracles say `test`'s expected output is (`arbitration.settle`). The first
    time the predictions alone stand against one program, they must show they are right on
    the samples (`predictions_reliable`)."""
    programs = [ProgramAnswer(name, out) for name, out in protocol.program_answers(state, test)]
    votes = protocol.predictions(state, test)

    def same(output: str, expected: str) -> bool:
        return state.same(test, output, expected)

    found = settle(programs, votes, same)
    if (
        votes is not None
        and votes.more_asked
        and len(programs) == 1
        and found.sides == ((programs[0].oracle,), (PREDICTION,))
        and state.prediction_check is None
        and not predictions_reliable(state)
    ):
        found = settle(programs, replace(votes, reliable=False), same)
    return found


def settle_all(state: LoopState) -> None:
    """Settle every non-sample test; a program overruled on any test (the brute force, an
    alternative) is trusted no more, which may change other settlements, so until nothing
    changes. Predictions overruled on a test are dropped there (`dropped` in the report); once
    two agreeing programs overrule them, they lose to a single program everywhere."""
    changed = True
    while changed:
        changed = False
        for test in (t for t in state.tests if t.truth is None):
            found = settlement(state, test)
            for name in found.dropped:
                if name == PREDICTION:
                    if PREDICTION not in test.dropped:
                        test.dropped.append(PREDICTION)
                        state.note("compare", f"{test.id}: {found.rule}")
                    programs = [n for n in found.by if n != PREDICTION]
                    if len(programs) >= 2 and not state.prediction_check:
                        # Shown wrong by two independent programs: like a wrong sample,
                        # the predictions lose to a program wherever they stand alone.
                        state.prediction_check = (
                            f"the model's predictions are overruled on {test.id} by "
                            f"{' and '.join(programs)}"
                        )
                        state.skip("prediction", state.prediction_check)
                        changed = True
                    continue
                if name not in test.dropped:
                    test.dropped.append(name)
                changed = True
                if name == "brute":
                    state.brute_trusted = False
                    state.note(
                        "compare", f"{test.id}: {found.rule}; the brute force is trusted no more"
                    )
                    state.skip("stress", f"the brute force is overruled on {test.id}")
                else:
                    alt.distrust(state, name, test, found.rule)
            if changed:
                break


# ---- compare ---------------------------------------------------------------------------------


def compare(state: LoopState, number: int) -> list[Score]:
    if not state.task.interactive:
        alt.fill(state)  # tests added since (stress, shrinking) meet the alternatives too
        _ask_where_unsettled(state, [t for t in state.tests if not t.repredicted])
        for cand in state.candidates:
            _separate_at_large(state, cand)
        settle_all(state)
        if _oracles_in_conflict(state) and alt.tie_breaker(state):
            settle_all(state)
    scores = []
    for cand in state.candidates:
        if not any((cand.id, t.id) in state.runs for t in state.tests):
            continue
        if not state.task.interactive:
            _settle_split_votes(state, cand)
        score = Score(cand.id, samples=sum(1 for t in state.tests if t.truth is not None))
        for test in state.tests:
            run = state.runs.get((cand.id, test.id))
            if run is not None:
                judge_one(state, number, score, test, run)
        state.scores[cand.id] = score
        scores.append(score)
    return scores


def _oracles_in_conflict(state: LoopState) -> bool:
    """Some test's oracles conflict and no more predictions are to be asked there."""
    for test in (t for t in state.tests if t.truth is None):
        found = settlement(state, test)
        if found.conflict and not found.ask_more:
            return True
    return False


def _separate_at_large(state: LoopState, cand: Candidate) -> None:
    """Where the candidate contradicts an alternative on a test no other oracle answers,
    search for a small input separating them, which the brute force and predictions reach."""
    for test in [t for t in state.tests if t.large and t.alts and t.brute is None]:
        if (cand.id, test.id) in state.runs:
            alt.separate(state, cand, test)


def _settle_split_votes(state: LoopState, cand: Candidate) -> None:
    """A split prediction standing alone against the candidate is not enough for a repair:
    more predictions first (asking is no vote: the candidate's output decides nothing)."""
    split = []
    for test in state.tests:
        run = state.runs.get((cand.id, test.id))
        if (
            run is None
            or run.verdict is not Verdict.OK
            or test.truth is not None
            or test.repredicted
        ):
            continue
        found = settlement(state, test)
        if found.contestable and judge(found, run.output, _same(state, test)).ask_more:
            split.append(test)
    each(lambda t: predict_more(state, t), split, state.model_concurrency)


def _same(state: LoopState, test: LoopTest) -> Same:
    return lambda output, expected: state.same(test, output, expected)


def judge_one(state: LoopState, number: int, score: Score, test: LoopTest, run: RunRecord) -> None:
    if state.task.interactive:
        interactive.judge_one(state, number, score, test, run)
        return
    if run.verdict is not Verdict.OK:
        score.failures.append(Miss(test, run, test.truth, "the limits", kind=run.verdict.value))
        disagree(
            state,
            number,
            score.candidate,
            test,
            run.verdict.value,
            (),
            ("limits",),
            f"{run.verdict} in {shown_time(run, state.task.time_limit_s):.2f} s",
        )
        return
    if test.truth is not None:
        agreed = state.same(test, run.output, test.truth)
        score.count("samples", agreed)
        if agreed:
            score.samples_passed += 1
            score.agreements += 1
        else:
            score.failures.append(Miss(test, run, test.truth, "the sample"))
            disagree(state, number, score.candidate, test, "wrong answer", (), ("sample",))
        return
    found = settlement(state, test)
    verdict = judge(found, run.output, _same(state, test))
    for name in verdict.agree + verdict.against:
        score.count(name, name in verdict.agree)
    if verdict.verdict == "unchecked":
        if test.large:
            score.agreements += 1  # within the limits is all a large test can show
        return
    if verdict.verdict == "agree":
        score.agreements += 1
        return
    if verdict.verdict == "conflict":
        # The oracles disagree with each other even after more predictions; the candidate
        # siding with one of them settles nothing.
        # Shown as expected: a side the candidate does not take (predictions that tie have
        # no single output to show).
        side = next((n for n in found.outputs if n not in verdict.agree), None)
        sides = [n for group in found.sides for n in group]
        score.failures.append(
            Miss(
                test,
                run,
                found.outputs.get(side or "", None),
                _sources(side or sides[-1], test),
                verdict.agree,
                note=conflict_note(test, found, verdict.agree),
            )
        )
    else:
        score.failures.append(
            Miss(test, run, verdict.expected, describe(found, test), verdict.agree)
        )
    disagree(state, number, score.candidate, test, "wrong answer", verdict.agree, verdict.against)


def oracles(state: LoopState, test: LoopTest) -> dict[str, str]:
    """The surviving oracles' outputs on `test` (those its settlement did not drop)."""
    found = settlement(state, test)
    return {n: o for n, o in found.outputs.items() if n not in found.dropped}


def disagree(
    state: LoopState,
    number: int,
    cand: str,
    test: LoopTest,
    kind: str,
    agree: tuple[str, ...],
    against: tuple[str, ...],
    message: str = "",
) -> None:
    """Record a disagreement the first time it is seen (later rounds compare every candidate
    again)."""
    if any(
        d.candidate == cand and d.test == test.id and d.kind == kind and d.disagree == against
        for d in state.disagreements
    ):
        return
    state.disagreements.append(Disagreement(number, cand, test.id, kind, agree, against, message))


def _sources(name: str, test: LoopTest) -> str:
    if name == "brute":
        return "the brute-force reference"
    if name == PREDICTION:
        return f"the model's predicted output ({test.votes} of {len(test.predictions)} predictions)"
    return f"an independent solution written without seeing yours ({name})"


def describe(found: Settlement, test: LoopTest) -> str:
    """Who says the expected output is right, as the repair prompt words it."""
    names = [_sources(name, test) for name in found.by]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] + " agree"
    if found.dropped:
        text += f" ({found.rule})"
    return text


def conflict_note(test: LoopTest, found: Settlement, agree: tuple[str, ...]) -> str:
    sides = "; ".join(" and ".join(_sources(n, test) for n in side) for side in found.sides)
    shown = "".join(
        f"{_sources(side[0], test)} gives\n```output\n{prompts.shown(found.outputs[side[0]])}```\n"
        if side[0] in found.outputs
        else f"{_sources(side[0], test)}: they tie, no majority.\n"
        for side in found.sides
    )
    mine = (
        " (your program agrees with "
        + " and ".join(_sources(n, test) for n in agree)
        + ", which settles nothing)"
        if agree
        else ""
    )
    return (
        f"The oracles disagree on this input{mine}: {sides}.\n{shown}"
        "Work out from the statement which one is right. If your program is right, find "
        "what the other reading of the statement gets wrong and make sure your program "
        "does not share it."
    )


def run_on(state: LoopState, cand: Candidate, test: LoopTest) -> RunRecord:
    """The candidate on one new test, with the problem's limits."""
    program = state.build(cand.code, cand.id)
    if program is None:
        raise RuntimeError(f"{cand.id} compiled before and no longer does")
    if state.task.interactive:
        rec = interactive.judged(state, program, cand.id, cand.code, test.id, test.path, test.truth)
    else:
        limits = state.limits
        result = state.execute(program, limits, test.path, cand.id, cand.code)
        state.run_walls.append(result.wall_time_s)
        rec = record(cand.id, test.id, result, limits.wall_limit_s)
    state.runs[(cand.id, test.id)] = rec
    return rec
