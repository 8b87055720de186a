"""Candidates compared with each other (`--candidates N`): by behaviour, as AlphaCode clusters
them. Two candidates that print different answers on a test no oracle answers cannot both be
right, so neither is verified on the strength of that test; a small input separating them is
searched for, where the oracles decide. Among equally scored candidates, the one whose outputs
the most others share is chosen.

The other candidates are never voters either: a difference only raises a doubt (a failure
that blocks "verified" and sends the search for a separating input), it never says which
answer is right.
"""

from __future__ import annotations

from solver import inputs
from solver.functional import runnable
from solver.loop.state import LoopState, Miss, Score
from solver.report import Candidate, LoopTest


def _behaviour(state: LoopState, cid: str) -> dict[str, tuple[str, ...]]:
    return {
        tid: tuple(run.output.split())
        for (c, tid), run in state.runs.items()
        if c == cid and run.verdict == "OK"
    }


def cluster_sizes(state: LoopState, cids: list[str]) -> dict[str, int]:
    """Per candidate, how many candidates (itself included) print the same on every test
    both ran without failing."""
    seen = {cid: _behaviour(state, cid) for cid in cids}
    sizes = {}
    for cid in cids:
        mine = seen[cid]
        sizes[cid] = sum(
            1 for other in cids if all(seen[other].get(t, out) == out for t, out in mine.items())
        )
    return sizes


def doubts(state: LoopState, scores: list[Score]) -> None:
    """Add to each score a failure for every test no oracle answered on which another
    candidate, itself wrong nowhere else, prints something else; search once per pair for a
    small input separating the two."""
    sound = [s for s in scores if not s.failures and s.samples_passed == s.samples]
    if len(sound) < 2:
        return
    from solver.loop.oracles import oracles  # oracles calls this module after judging

    for score in sound:
        cand = state.candidate(score.candidate)
        for other in (s for s in sound if s is not score):
            for test in state.tests:
                mine = state.runs.get((cand.id, test.id))
                theirs = state.runs.get((other.candidate, test.id))
                if (
                    test.truth is not None
                    or mine is None
                    or theirs is None
                    or mine.verdict != "OK"
                    or theirs.verdict != "OK"
                    or oracles(state, test)
                    or mine.output.split() == theirs.output.split()
                ):
                    continue
                note = (
                    "No reference reaches this input, so which answer is right is not known: "
                    "check yours against the statement."
                )
                sources = (
                    f"another solution of this problem ({other.candidate}), not verified either"
                )
                score.failures.append(Miss(test, mine, theirs.output, sources, (), note=note))
                separate(state, cand, state.candidate(other.candidate), test)
                break


def separate(state: LoopState, cand: Candidate, other: Candidate, test: LoopTest) -> None:
    """A small input on which the two candidates differ, added as a test for the oracles."""
    from solver.loop.oracles import brute_on, predict_one, run_on

    pair = tuple(sorted((cand.id, other.id)))
    if pair in state.separated or state.generator_code is None:
        return
    state.separated.add((pair[0], pair[1]))
    for size in ("small", "tiny"):
        if size in state.generator_failed or state.out_of_budget():
            continue
        found = inputs.shrink(
            state.generator_code,
            size,
            runnable(state.task, cand.code),
            runnable(state.task, other.code),
            timeout_s=max(2.0, 2 * state.task.time_limit_s),
        )
        text = found.value if found.ok and isinstance(found.value, str) else None
        if text is None or any(t.input == text for t in state.tests) or not state.accept(text):
            continue
        count = sum(1 for t in state.tests if t.origin == "separating") + 1
        new = state.add_test(f"separating/{count}", "separating", "tiny", text)
        state.note(
            "compare", f"{cand.id} and {other.id} differ on {test.id}; {new.id} separates them"
        )
        if state.brute_trusted and state.brute_code:
            program = state.build(state.brute_code, "brute")
            if program is not None:
                brute_on(state, program, new)
        predict_one(state, new)
        run_on(state, cand, new)
        run_on(state, other, new)
        return
    state.note(
        "compare", f"no small input separates {cand.id} from {other.id} (they differ on {test.id})"
    )
