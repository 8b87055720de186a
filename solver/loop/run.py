"""Run: every candidate on every test it has not met yet, with the problem's limits (against
the package's interactor for an interactive problem)."""

from __future__ import annotations

from solver.loop import interactive
from solver.loop.state import LoopState, record
from solver.pool import each
from solver.report import Candidate, LoopTest


def run(state: LoopState) -> None:
    limits = state.limits
    todo = [(c, t) for c in state.candidates for t in state.tests if (c.id, t.id) not in state.runs]
    programs = {
        c.id: state.build(c.code, c.id)
        for c in state.candidates
        if any(cand.id == c.id for cand, _ in todo)
    }

    def one(pair: tuple[Candidate, LoopTest]) -> None:
        cand, test = pair
        program = programs.get(cand.id)
        if program is None:
            return
        if state.task.interactive:
            state.runs[(cand.id, test.id)] = interactive.judged(
                state, program, cand.id, cand.code, test.id, test.path, test.truth
            )
            return
        result = state.execute(program, limits, test.path, cand.id, cand.code)
        state.run_walls.append(result.wall_time_s)
        state.runs[(cand.id, test.id)] = record(cand.id, test.id, result, limits.wall_limit_s)

    each(one, todo, state.jobs)
