"""Arbitration: one pure function from the oracles' answers on one test to what the expected
output is (`settle`), and a second from that and the candidate's output to a judgement
(`judge`). The candidate never enters `settle`, so it can never be a voter.

Nothing here runs a program or asks the model: outputs are compared with the `same` function
the caller passes (the problem's checker, `same(output, expected)`). Every rule is in
docs/protocol.md ("How arbitration decides") and has a unit test in tests/test_arbitration.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Same = Callable[[str, str], bool]
"""`same(output, expected)`: does `output` pass with `expected` as the answer file."""

PREDICTION = "prediction"


@dataclass(frozen=True)
class ProgramAnswer:
    """What one executed oracle (the brute force, an alternative solution) printed."""

    oracle: str
    output: str


@dataclass(frozen=True)
class Predictions:
    """The model's predicted outputs for one test."""

    outputs: tuple[str, ...]
    majority: str | None
    """The most common output; None on a tie."""
    votes: int
    more_asked: bool = False
    """More predictions were already asked for on this test (asked at most once)."""
    reliable: bool = True
    """False once the model's predictions were shown wrong on a sample."""

    @property
    def unanimous(self) -> bool:
        return self.majority is not None and self.votes == len(self.outputs)


@dataclass(frozen=True)
class Settlement:
    """What the oracles (never the candidate) say the expected output of one test is."""

    expected: str | None
    """None: no oracle answers, or they conflict."""
    by: tuple[str, ...] = ()
    """The oracles giving `expected`."""
    dropped: tuple[str, ...] = ()
    """Oracles shown wrong on this test by the others."""
    sides: tuple[tuple[str, ...], ...] = ()
    """When the oracles conflict: the groups that agree with each other, one per output."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Each oracle's output (predictions: their majority, when there is one)."""
    ask_more: bool = False
    """More predictions could settle it (asked before any candidate is judged)."""
    rule: str = ""
    """The rule that decided, as the events word it."""
    contestable: bool = False
    """`expected` rests on a split prediction alone, not asked again yet: a candidate that
    differs from it gets more predictions before it is failed."""

    @property
    def conflict(self) -> bool:
        return bool(self.sides)


JudgementKind = Literal["agree", "wrong", "conflict", "unchecked"]
"""A judgement of the candidate's output, not a run verdict (sandbox.verdict.Verdict)."""


@dataclass(frozen=True)
class Judgement:
    verdict: JudgementKind
    """`agree`, `wrong`, `conflict` or `unchecked` (no oracle answers this test)."""
    expected: str | None
    agree: tuple[str, ...] = ()
    """Surviving oracles the candidate matches."""
    against: tuple[str, ...] = ()
    """Surviving oracles the candidate does not match."""
    ask_more: bool = False
    """A split prediction alone stands against the candidate: more predictions first."""


def settle(
    programs: list[ProgramAnswer], predictions: Predictions | None, same: Same
) -> Settlement:
    """The expected output from the trusted programs' outputs and the predictions.

    Rules, in order (docs/protocol.md):
    1. No program: the prediction majority, if any (a tie asks for more predictions once).
    2. Outputs are grouped; a group's support is its programs plus one when the prediction
       majority matches it. The predictions on their own form a group of support one.
    3. A unique group of support two or more wins; every oracle outside it is dropped (two
       independent oracles beat one, so a brute force and an alternative solution that agree
       overrule predictions wrong in the same way, and predictions side with one of two
       disagreeing programs).
    4. One program against the predictions (support one each): if they were not asked again
       yet, ask; a split vote in which some prediction matches the program loses to it; a
       program that no prediction matches is a conflict, not a winner, unless the predictions
       were shown wrong on a sample (a unanimous vote against it is such a conflict too).
    5. Anything else (two programs that disagree with nothing to decide) asks for more
       predictions once, then is a conflict.
    """
    outputs = {p.oracle: p.output for p in programs}
    has_votes = predictions is not None and bool(predictions.outputs)
    if has_votes and predictions is not None and predictions.majority is not None:
        outputs[PREDICTION] = predictions.majority
    if not programs:
        return _predictions_alone(predictions, outputs)
    groups: list[list[ProgramAnswer]] = []
    for answer in programs:
        home = next((g for g in groups if same(answer.output, g[0].output)), None)
        if home is None:
            groups.append([answer])
        else:
            home.append(answer)
    majority = predictions.majority if predictions is not None and has_votes else None
    backed = [majority is not None and same(majority, g[0].output) for g in groups]
    support = [len(g) + int(b) for g, b in zip(groups, backed, strict=True)]
    predictions_apart = has_votes and not any(backed)
    contenders = support + ([1] if predictions_apart else [])
    best = max(contenders)
    if best >= 2 and contenders.count(best) == 1:
        winner = support.index(best)
        group = groups[winner]
        by = tuple(a.oracle for a in group) + ((PREDICTION,) if backed[winner] else ())
        dropped = tuple(a.oracle for g in groups if g is not group for a in g)
        if has_votes and not backed[winner]:
            dropped += (PREDICTION,)
        rule = _winning_rule(group, backed[winner], dropped)
        return Settlement(group[0].output, by, dropped, outputs=outputs, rule=rule)
    if len(groups) == 1 and predictions is not None and has_votes:
        return _one_program_against_predictions(groups[0][0], predictions, same, outputs)
    if len(groups) == 1:
        only = groups[0]
        return Settlement(only[0].output, tuple(a.oracle for a in only), outputs=outputs)
    sides = tuple(tuple(a.oracle for a in g) for g in groups)
    if predictions_apart:
        sides += ((PREDICTION,),)
    return Settlement(
        None,
        sides=sides,
        outputs=outputs,
        ask_more=predictions is not None and not predictions.more_asked,
        rule="the programs disagree and nothing decides between them",
    )


def _predictions_alone(predictions: Predictions | None, outputs: dict[str, str]) -> Settlement:
    if predictions is None or not predictions.outputs:
        return Settlement(None, outputs=outputs, rule="no oracle")
    if predictions.majority is None:
        return Settlement(
            None,
            outputs=outputs,
            ask_more=not predictions.more_asked,
            rule="the predictions tie",
        )
    return Settlement(
        predictions.majority,
        (PREDICTION,),
        outputs=outputs,
        rule="the predictions",
        contestable=not predictions.unanimous and not predictions.more_asked,
    )


def _one_program_against_predictions(
    program: ProgramAnswer, predictions: Predictions, same: Same, outputs: dict[str, str]
) -> Settlement:
    name = program.oracle
    if not predictions.more_asked:
        return Settlement(
            None,
            sides=((name,), (PREDICTION,)),
            outputs=outputs,
            ask_more=True,
            rule=f"the {_called(name)} and the predictions disagree",
        )
    if not predictions.reliable:
        return Settlement(
            program.output,
            (name,),
            (PREDICTION,),
            outputs=outputs,
            rule=f"the predictions (wrong on a sample) lose to the {_called(name)}",
        )
    shared = sum(1 for o in predictions.outputs if same(o, program.output))
    if shared:  # a split vote: some of it agrees with the program
        return Settlement(
            program.output,
            (name,),
            (PREDICTION,),
            outputs=outputs,
            rule=f"the split prediction ({predictions.votes} of {len(predictions.outputs)}) "
            f"loses to the {_called(name)}",
        )
    # Unanimous or not, no prediction shares the program's output: a conflict.
    return Settlement(
        None,
        sides=((name,), (PREDICTION,)),
        outputs=outputs,
        rule=f"no prediction agrees with the {_called(name)}",
    )


def _winning_rule(group: list[ProgramAnswer], backed: bool, dropped: tuple[str, ...]) -> str:
    names = " and the ".join(_called(a.oracle) for a in group)
    if not dropped:
        return f"the {names} agree" + (" with the predictions" if backed else "")
    losers = ", ".join(_called(d) for d in dropped)
    return f"the {names}" + (" and the predictions" if backed else "") + f" overrule {losers}"


def _called(oracle: str) -> str:
    if oracle == "brute":
        return "brute force"
    if oracle.startswith("alt"):
        return f"alternative solution {oracle}"
    return oracle + "s" if oracle == PREDICTION else oracle


def judge(settlement: Settlement, output: str, same: Same) -> Judgement:
    """The candidate's (OK) output against a settlement."""
    if settlement.conflict:
        agree = tuple(name for name, out in settlement.outputs.items() if same(output, out))
        # Every side the candidate does not match, predictions that tie (no output) included.
        against = tuple(n for side in settlement.sides for n in side if n not in agree)
        return Judgement("conflict", None, agree, against)
    if settlement.expected is None:
        return Judgement("unchecked", None)
    standing = {n: o for n, o in settlement.outputs.items() if n not in settlement.dropped}
    agree = tuple(name for name, out in standing.items() if same(output, out))
    against = tuple(name for name in standing if name not in agree)
    if not against:
        return Judgement("agree", settlement.expected, agree)
    return Judgement("wrong", settlement.expected, agree, against, ask_more=settlement.contestable)
