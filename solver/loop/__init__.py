"""The self-verifying loop (stages: draft, tests, predict, run, compare, stress, timing,
repair; one module each, `driver.Loop` names them in order; `interactive` holds what differs
for an interactive problem, whose interactor is the oracle)."""

from solver.loop.driver import Loop
from solver.loop.state import Budget, JudgeFailure, Outcome, Score

__all__ = ["Budget", "JudgeFailure", "Loop", "Outcome", "Score"]
