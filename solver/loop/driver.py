"""The self-verifying loop: draft, tests, predict, then rounds of run, compare, stress, timing
and repair, until a candidate is verified or the budget is spent. Each stage is a module of
this package; `Loop.solve` names them in order.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass

from sandbox import box as reuse
from solver.loop import behaviour, oracles, protocol, repair, run, strength, stress, tests, timing
from solver.loop.draft import draft
from solver.loop.state import LoopState, Outcome, Score
from solver.report import REPORT_VERSION, RoundRecord


@dataclass
class Loop(LoopState):
    def solve(self) -> Outcome:
        try:
            # The candidates', validators' and oracles' runs each reuse a sandbox started once
            # per program and thread (sandbox/box.py).
            with reuse.reusing():
                return self._solve()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def _solve(self) -> Outcome:
        self.timed("draft", lambda: draft(self))
        self.timed("tests", lambda: tests.make_tests(self))
        self.timed("predict", lambda: oracles.predict(self))
        best: Score | None = None
        for number in range(1, self.budget.rounds + 1):
            record = RoundRecord(number)
            self.rounds.append(record)
            round_start = time.monotonic()
            if number > 1:
                record.action = "draft again" if best is None else f"repair {best.candidate}"
                if best is None:
                    self.timed("draft", lambda: draft(self))
                else:
                    self.timed("repair", lambda b=best, n=number: repair.repair(self, b, n))
            best = self.evaluate(number, record) or best
            record.seconds = time.monotonic() - round_start
            if best is not None and best.verified and self.max_missing:
                return self._unverified(
                    best,
                    f"not verified: no input reached the maximum constraints ({self.max_missing})",
                )
            if best is not None and best.verified:
                return Outcome(True, self.candidate(best.candidate), best, "verified")
            reason = self.out_of_budget()
            if reason:
                return self._unverified(best, reason)
        return self._unverified(best, f"{self.budget.rounds} rounds spent")

    def evaluate(self, number: int, record: RoundRecord) -> Score | None:
        """Run and compare every candidate; the best one that passes everything so far is
        then stress-tested against the brute force and timed at the maximum sizes."""
        self.timed("run", lambda: run.run(self))
        scores = self.timed("compare", lambda: oracles.compare(self, number))
        if not scores:
            return None
        if len(scores) > 1:
            # Candidates that differ where no oracle reaches: a separating input (a new test)
            # is searched for, and then every candidate is compared again.
            known = len(self.tests)
            behaviour.doubts(self, scores)
            if len(self.tests) > known:
                scores = self.timed("compare", lambda: oracles.compare(self, number))
                behaviour.doubts(self, scores)
        clusters = behaviour.cluster_sizes(self, [s.candidate for s in scores])
        best = max(scores, key=lambda s: (s.key, clusters[s.candidate], int(s.candidate[1:])))
        cand = self.candidate(best.candidate)
        if best.verified and not self.max_missing:
            found = self.timed("stress", lambda: stress.stress(self, cand))
            if found is not None:
                best = self.timed("compare", lambda: oracles.compare(self, number))
                best = next(s for s in best if s.candidate == cand.id)
        if best.verified and not self.max_missing:
            slow = self.timed("timing", lambda: timing.timing(self, cand))
            best.failures += slow
            for miss in slow:
                oracles.disagree(
                    self,
                    number,
                    cand.id,
                    miss.test,
                    "slow",
                    (),
                    ("limits",),
                    f"{miss.run.time_s:.2f} s of {self.task.time_limit_s:g} s",
                )
        record.scores = {s.candidate: s.to_json() for s in scores}
        record.scores[best.candidate] = best.to_json()
        record.best = best.candidate
        return best

    def interrupted(self, reason: str) -> Outcome:
        """What was found before the loop was stopped from outside (kept, never lost)."""
        best = next((r.best for r in reversed(self.rounds) if r.best), None)
        cand = self.candidate(best) if best else (self.candidates[-1] if self.candidates else None)
        return Outcome(False, cand, None, reason)

    def _unverified(self, best: Score | None, reason: str) -> Outcome:
        return Outcome(False, self.candidate(best.candidate) if best else None, best, reason)

    def report(self, outcome: Outcome) -> dict[str, object]:
        """The JSON report (schema in docs/protocol.md)."""
        best = outcome.best
        return {
            "version": REPORT_VERSION,
            "problem": self.task.name,
            "model": self.client.config.model,
            "base_url": self.client.config.base_url,
            "verified": outcome.verified,
            "stop_reason": outcome.stop_reason,
            "solution": best.id if best else None,
            "score": outcome.score.to_json() if outcome.score else None,
            "time_limit_s": self.task.time_limit_s,
            "interactive": self.task.interactive,
            "interactor": [
                {"candidate": c, "test": t, "verdict": v, "message": m}
                for (c, t), (v, m) in self.interactor.items()
                if t != "timing"
            ],
            "memory_mib": self.task.memory_mib,
            "budget": {
                "rounds": self.budget.rounds,
                "tokens": self.budget.tokens,
                "seconds": self.budget.seconds,
                "candidates": self.budget.candidates,
                "predictions": self.budget.predictions,
                "stress_seconds": self.budget.stress_seconds,
                "generator_seconds": self.budget.generator_seconds,
                "time_margin": self.budget.time_margin,
                "stress_comparisons": self.budget.stress_comparisons,
                "alternatives": self.budget.alternatives,
            },
            "strength": strength.strength(self, best),
            "rounds": [r.to_json() for r in self.rounds],
            "candidates": [c.to_json() for c in self.candidates],
            "tests": [t.to_json() for t in self.tests],
            "runs": [r.to_json() for r in self.runs.values()],
            "disagreements": [d.to_json() for d in self.disagreements],
            "events": [e.to_json() for e in self.events],
            "oracles": {
                "generator": self.generator_code,
                "validator": self.validator_code,
                "brute": self.brute_code,
                "brute_trusted": self.brute_trusted,
                "alternatives": [a.to_json() for a in self.alternatives],
                "protocol": [o.describe(self) for o in protocol.active(self)],
            },
            "stress": {cid: r.to_json() for cid, r in self.stress.items()},
            "timing": {cid: r.to_json() for cid, r in self.timing.items()},
            "trace_notes": self.trace_notes,
            "failed_attempts": self.failed_attempts,
            "usage": {stage: u.to_json() for stage, u in self.client.usage.items()},
            "tokens": self.client.total_tokens,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "sandbox_run_seconds": round(sum(self.run_walls), 3),
            "seconds": round(time.monotonic() - self.started, 3),
        }
