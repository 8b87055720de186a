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

from sandbox.verdict import Verdict
from solver.loop.separate import separating_test
from solver.loop.state import LoopState, Miss, Score
from solver.report import Candidate, LoopTest


def _behaviour(state: LoopState, cid: str) -> dict[str, tuple[str, ...]]:
    return {
        tid: tuple(run.output.split())
        for (c, tid), run in state.runs.items()
        if c == cid and run.verdict is Verdict.OK
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
                    or mine.verdict is not Verdict.OK
                    or theirs.verdict is not Verdict.OK
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
    from solver.loop.oracles import run_on  # oracles calls this module

    first, second = sorted((cand, other), key=lambda c: c.id)
    if (first.id, second.id) in state.separated:
        return
    state.separated.add((first.id, second.id))
    found = separating_test(state, (first.id, first.code), (second.id, second.code), test)
    if found is not None:
        run_on(state, first, found)
        run_on(state, second, found)
