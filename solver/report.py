"""The records the loop keeps, and the JSON report made of them (schema: docs/protocol.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sandbox.verdict import Verdict

REPORT_VERSION = 1
SHOWN_INPUT = 10_000


def input_size(text: str) -> int:
    """The size of an input, as the time curve measures it: the number of whitespace-separated
    tokens, or the length of the longest token when that is more (a string of length n is
    size n, an array of n numbers is size about n, a grid of n rows of m characters is
    max(n, m)); an input of one line counts its numbers' values too (a single n is size n)."""
    tokens = text.split()
    size = max(len(tokens), max((len(t) for t in tokens), default=0))
    if "\n" not in text.strip():
        # One line of numbers is counted by its values: a single n <= 10^9 is size n, not 10.
        numbers = (abs(int(t)) for t in tokens if re.fullmatch(r"-?\d{1,40}", t))
        size = max(size, max(numbers, default=0))
    return size


@dataclass
class LoopTest:
    id: str
    origin: str
    """sample, edge, generated, worst, stress or shrunk."""
    size: str
    """tiny, small, large, max ('' for samples and edge cases)."""
    input: str
    path: Path
    truth: str | None = None
    predictions: list[str] = field(default_factory=list)
    predicted: str | None = None
    votes: int = 0
    brute: str | None = None
    brute_verdict: str = ""
    dropped: list[str] = field(default_factory=list)
    """Oracles shown wrong on this test: `prediction`, `brute`."""
    repredicted: bool = False
    """More predictions were asked for (a contested majority, a tie, or a conflict with the
    brute force)."""
    alts: dict[str, str] = field(default_factory=dict)
    """Each alternative solution's output (by its id, `alt1`...), where it answered."""

    @property
    def large(self) -> bool:
        """At the maximum constraints: no oracle, timed against the limit."""
        return self.size in ("large", "max")

    @property
    def input_size(self) -> int:
        return input_size(self.input)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "origin": self.origin,
            "size": self.size,
            "input": self.input[:SHOWN_INPUT],
            "input_chars": len(self.input),
            "input_truncated": len(self.input) > SHOWN_INPUT,
            "truth": self.truth,
            "predictions": self.predictions,
            "predicted": self.predicted,
            "input_size": self.input_size,
            "votes": self.votes,
            "brute": self.brute,
            "brute_verdict": self.brute_verdict,
            "dropped": self.dropped,
            "repredicted": self.repredicted,
            "alts": {name: out[:SHOWN_INPUT] for name, out in self.alts.items()},
        }


@dataclass
class Candidate:
    id: str
    round: int
    origin: str
    """`draft` or `repair of cN`."""
    code: str
    path: Path

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "round": self.round, "origin": self.origin, "code": self.code}


@dataclass
class Alternative:
    """An independent fast solution the model wrote without seeing any candidate (`alt`)."""

    id: str
    code: str
    exact: bool = False
    """Asked for exact arithmetic (the answers are real numbers)."""
    trusted: bool = False
    why: str = ""
    """Why it is not trusted (fails a sample, does not compile, overruled on a test)."""
    tests: set[str] = field(default_factory=set)
    """Tests it was run on (answered or not)."""

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": self.code,
            "exact": self.exact,
            "trusted": self.trusted,
            "why": self.why,
        }


@dataclass(frozen=True)
class RunRecord:
    candidate: str
    test: str
    verdict: Verdict
    """The sandbox's verdict (OK for a run that ended normally; the loop judges the output)."""
    time_s: float
    memory_mib: float
    output: str
    stderr: str
    wall_s: float = 0.0
    wall_limit_s: float = 0.0
    """The wall-clock limit the run had (what stopped a sleeping program)."""

    def __post_init__(self) -> None:
        # A verdict given by its code ("OK") is the same Verdict: records compare with `is`.
        object.__setattr__(self, "verdict", Verdict(self.verdict))

    def to_json(self) -> dict[str, object]:
        return {
            "candidate": self.candidate,
            "test": self.test,
            "verdict": self.verdict.value,
            "time_s": round(self.time_s, 4),
            "wall_s": round(self.wall_s, 4),
            "memory_mib": round(self.memory_mib, 2),
            "output": self.output[:SHOWN_INPUT],
            "stderr": self.stderr[-2000:],
        }


@dataclass(frozen=True)
class Disagreement:
    round: int
    candidate: str
    test: str
    kind: str
    """`wrong answer` or a run verdict (TLE, RTE, MLE, OLE)."""
    agree: tuple[str, ...]
    """Sources whose output the candidate matches."""
    disagree: tuple[str, ...]
    """Sources whose output the candidate contradicts."""
    message: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "round": self.round,
            "candidate": self.candidate,
            "test": self.test,
            "kind": self.kind,
            "agree": list(self.agree),
            "disagree": list(self.disagree),
            "message": self.message,
        }


@dataclass
class RoundRecord:
    number: int
    scores: dict[str, dict[str, int]] = field(default_factory=dict)
    best: str | None = None
    action: str = ""
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "round": self.number,
            "scores": self.scores,
            "best": self.best,
            "action": self.action,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Event:
    stage: str
    what: str

    def to_json(self) -> dict[str, str]:
        return {"stage": self.stage, "what": self.what}
