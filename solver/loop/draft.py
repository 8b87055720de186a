"""Draft: the model writes a first solution (`--candidates` of them)."""

from __future__ import annotations

from solver import parse, prompts
from solver.loop.state import LoopState


def draft(state: LoopState) -> None:
    for _ in range(state.budget.candidates):
        spec = state.task.functional
        prompt = prompts.draft(
            state.task.shown_to_model(),
            state.client.config,
            starter=None
            if spec is None
            else spec.starter_code or f"class Solution:\n    def {spec.method}(self):\n",
        )
        code = state.ask(state.shaped(prompt, "solution"), parse.python_code, "code")
        if code is None:
            continue
        earlier = state.same_as_earlier(code)
        if earlier is not None:
            state.note("draft", f"the draft is identical to {earlier.id}: not run again")
            continue
        state.add_candidate(code, "draft")
