"""Oracles and arbitration: what the expected output of a test is, and whether a candidate
meets it.

Two independent oracles for every small non-sample test: the majority of the model's
predictions, and a brute-force reference run in the sandbox (trusted only if it passes every
sample). The candidate is never a voter: when the oracles disagree with each other, or a
prediction stands alone on a split vote against the candidate, more predictions are asked
for; a disagreement that remains blocks "verified" and is shown to the model whole.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sandbox.languages import Program
from sandbox.verdict import Verdict
from solver import parse, prompts
from solver.client import ModelFailed
from solver.loop import interactive
from solver.loop.state import LoopState, Miss, Score, record, shown_time
from solver.report import Candidate, Disagreement, LoopTest, RunRecord


def predict(state: LoopState) -> None:
    if state.task.interactive:
        interactive.skip_oracles(state)
        return
    small = [t for t in state.tests if t.truth is None and not t.large]
    state.brute_code = state.ask(
        prompts.brute(state.task.shown_to_model(), state.client.config), parse.python_code, "code"
    )
    if state.brute_code is not None:
        program = trusted_brute(state)
        if program is not None:
            for test in small:
                brute_on(state, program, test)
            # Where the brute force can afford the maximum sizes too, it is an oracle there
            # (overflow, precision and cut-offs show only on large inputs); the first one it
            # cannot answer ends the attempt, so this costs at most one of its time limits.
            for test in (t for t in state.tests if t.large):
                brute_on(state, program, test)
                if test.brute is None:
                    break
    else:
        state.skip("stress", "no brute force")
    with ThreadPoolExecutor(max_workers=state.model_concurrency) as pool:
        list(pool.map(lambda t: predict_one(state, t), small))
    # Oracles that disagree with each other (or a tie) are a question for more predictions,
    # asked before any candidate is compared, so no candidate can settle it.
    contested = [
        t for t in small if t.predictions and (t.predicted is None or (oracle_conflict(state, t)))
    ]
    with ThreadPoolExecutor(max_workers=state.model_concurrency) as pool:
        list(pool.map(lambda t: predict_more(state, t), contested))
    for test in contested:
        _settle_conflict(state, test)


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


def oracle_conflict(state: LoopState, test: LoopTest) -> bool:
    return (
        state.brute_trusted
        and test.brute is not None
        and test.predicted is not None
        and not state.same(test, test.predicted, test.brute)
    )


# ---- compare ---------------------------------------------------------------------------------


def compare(state: LoopState, number: int) -> list[Score]:
    scores = []
    for cand in state.candidates:
        if not any((cand.id, t.id) in state.runs for t in state.tests):
            continue
        _settle_split_votes(state, cand)
        for test in state.tests:
            _settle_conflict(state, test)
        score = Score(cand.id, samples=sum(1 for t in state.tests if t.truth is not None))
        for test in state.tests:
            run = state.runs.get((cand.id, test.id))
            if run is not None:
                judge_one(state, number, score, test, run)
        state.scores[cand.id] = score
        scores.append(score)
    return scores


def _settle_split_votes(state: LoopState, cand: Candidate) -> None:
    """A prediction standing alone (no brute-force output) on a split vote against the
    candidate is not enough for a repair: more predictions first (and for tests added since
    the predict stage, a tie or a conflict with the brute force too)."""
    split = [
        t
        for t in state.tests
        if t.predictions
        and not t.repredicted
        and (t.predicted is None or oracle_conflict(state, t))
    ]  # tests added since `predict`
    for test in state.tests:
        run = state.runs.get((cand.id, test.id))
        if (
            run is None
            or run.verdict != "OK"
            or test.truth is not None
            or test.repredicted
            or test.predicted is None
            or test.votes >= len(test.predictions)
            or "brute" in oracles(state, test)
        ):
            continue
        if not state.same(test, run.output, test.predicted) and test not in split:
            split.append(test)
    with ThreadPoolExecutor(max_workers=state.model_concurrency) as pool:
        list(pool.map(lambda t: predict_more(state, t), split))


def _settle_conflict(state: LoopState, test: LoopTest) -> None:
    """A brute force and predictions that still disagree after more predictions: a split
    vote loses to the brute force (an executed program that passed every sample); only a
    unanimous one keeps its say, and then the disagreement blocks "verified". The candidate
    has no part in it. A unanimous one keeps its say only if the model predicts the samples
    right (`predictions_reliable`)."""
    if not test.repredicted or "prediction" in test.dropped or not oracle_conflict(state, test):
        return
    if test.votes >= len(test.predictions):
        if predictions_reliable(state):
            return
        test.dropped.append("prediction")
        state.note(
            "compare",
            f"{test.id}: the unanimous prediction loses to the brute force "
            f"({state.prediction_check})",
        )
        return
    test.dropped.append("prediction")
    state.note(
        "compare",
        f"{test.id}: the split prediction ({test.votes} of "
        f"{len(test.predictions)}) loses to the brute force",
    )


def judge_one(state: LoopState, number: int, score: Score, test: LoopTest, run: RunRecord) -> None:
    if state.task.interactive:
        interactive.judge_one(state, number, score, test, run)
        return
    if run.verdict != "OK":
        score.failures.append(Miss(test, run, test.truth, "the limits", kind=run.verdict))
        disagree(
            state,
            number,
            score.candidate,
            test,
            run.verdict,
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
    found = oracles(state, test)
    if not found:
        if test.large:
            score.agreements += 1  # within the limits is all a large test can show
        return
    agree = tuple(name for name, out in found.items() if state.same(test, run.output, out))
    against = tuple(name for name in found if name not in agree)
    for name in found:
        score.count(name, name in agree)
    if not against:
        score.agreements += 1
        return
    if agree:
        # The brute force and the predictions disagree with each other even after more
        # predictions; the candidate siding with one of them settles nothing.
        expected = found[against[0]]
        note = conflict_note(test, found, agree)
        score.failures.append(
            Miss(test, run, expected, _sources(against[0], test), agree, note=note)
        )
    else:
        expected_by = "brute" if "brute" in found else against[0]
        score.failures.append(
            Miss(test, run, found[expected_by], describe(state, found, test), agree)
        )
    disagree(state, number, score.candidate, test, "wrong answer", agree, against)


def oracles(state: LoopState, test: LoopTest) -> dict[str, str]:
    found: dict[str, str] = {}
    if state.brute_trusted and test.brute is not None and "brute" not in test.dropped:
        found["brute"] = test.brute
    if test.predicted is not None and "prediction" not in test.dropped:
        found["prediction"] = test.predicted
    return found


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
    return (
        "the brute-force reference"
        if name == "brute"
        else f"the model's predicted output ({test.votes} of {len(test.predictions)} predictions)"
    )


def describe(state: LoopState, found: dict[str, str], test: LoopTest) -> str:
    if len(found) == 2:
        if state.same(test, found["prediction"], found["brute"]):
            return "the brute-force reference and the predicted output agree"
        return "the brute-force reference; the predicted output differs from both"
    return _sources(next(iter(found)), test)


def conflict_note(test: LoopTest, found: dict[str, str], agree: tuple[str, ...]) -> str:
    side = "the brute-force reference" if "brute" in agree else "the predicted output"
    return (
        "The brute-force reference and the model's predictions disagree on this input "
        f"(your program agrees with {side}, which settles nothing):\n"
        f"the brute-force reference prints\n```output\n{prompts.shown(found['brute'])}```\n"
        f"{test.votes} of {len(test.predictions)} predictions give\n```output\n"
        f"{prompts.shown(found['prediction'])}```\n"
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
