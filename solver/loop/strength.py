"""How strong "verified" is, for the returned solution: per oracle how many tests agreed, how
many stress comparisons ran, the largest input reached and its time against the limit, and
which checks were skipped and why (`strength` in the report; one line printed by `solve`)."""

from __future__ import annotations

from sandbox.verdict import Verdict
from solver.loop.state import LoopState
from solver.report import Candidate


def strength(state: LoopState, best: Candidate | None) -> dict[str, object]:
    score = state.scores.get(best.id) if best else None
    agreement = {
        name: {"tests": tally[0], "agreed": tally[1]}
        for name, tally in (score.oracle_agreement if score else {}).items()
    }
    stress = state.stress.get(best.id) if best else None
    comparisons = stress.comparisons if stress else 0
    planned = stress.planned if stress else 0
    stopped = stress.stopped if stress else ""
    if stress and stress.weak:
        # A wall clock, not the plan, ended the search: the figure is weaker than planned.
        stopped += " (weak evidence)"
    size: int | None = None
    seconds: float | None = None
    if best is not None:
        timed = [
            (t.input_size, state.runs[(best.id, t.id)].time_s)
            for t in state.tests
            if (best.id, t.id) in state.runs
            and state.runs[(best.id, t.id)].verdict in (Verdict.OK, Verdict.TLE)
        ]
        if timed:
            size, seconds = max(timed, key=lambda p: (p[0], p[1]))
            seconds = round(seconds, 4)
    limit = state.task.time_limit_s
    margin = round(1 - seconds / limit, 3) if seconds is not None else 0.0
    skipped = [f"{check}: {why}" for check, why in state.skipped.items()]
    if state.max_missing:
        skipped.append(f"maximum sizes: {state.max_missing}")
    largest = {"size": size, "seconds": seconds, "limit_s": limit, "margin": margin}
    return {
        "oracle_agreement": agreement,
        "stress_comparisons": comparisons,
        "stress": {"planned": planned, "made": comparisons, "stopped": stopped},
        "largest_input": largest,
        "reach": state.reach.to_json() if state.reach else None,
        "bounds": [b.to_json() for b in state.bounds],
        "skipped": skipped,
        "summary": summary(agreement, comparisons, largest, skipped, planned, stopped)
        + (_reach_text(state) if state.reach else ""),
    }


def summary(
    agreement: dict[str, dict[str, int]],
    comparisons: int,
    largest: dict[str, object],
    skipped: list[str],
    planned: int = 0,
    stopped: str = "",
) -> str:
    oracles = ", ".join(f"{name} {a['agreed']}/{a['tests']}" for name, a in agreement.items())
    stressed = f"{comparisons} stress comparisons"
    if planned:
        stressed = f"{comparisons} of {planned} planned stress comparisons (stopped by {stopped})"
    parts = [f"oracles {oracles or 'none'}", stressed]
    if largest["size"] is not None:
        parts.append(
            f"largest input size {largest['size']} in {largest['seconds']:.2f} s of "
            f"{largest['limit_s']:g} s"
        )
    else:
        parts.append("no input timed")
    if skipped:
        parts.append("skipped: " + "; ".join(skipped))
    return "strength: " + "; ".join(parts)


def _reach_text(state: LoopState) -> str:
    r = state.reach
    assert r is not None
    return f"; largest input {min(r.ratio, 1.0):.0%} of the maximum {r.bound} <= {r.target}"
