"""The arbitration function, in-process: no model, no sandbox. One test per rule of
docs/protocol.md ("How arbitration decides")."""

from __future__ import annotations

from solver.loop.arbitration import (
    PREDICTION,
    Predictions,
    ProgramAnswer,
    judge,
    settle,
)


def same(output: str, expected: str) -> bool:
    return output.split() == expected.split()


def votes(*outputs: str, more: bool = True, reliable: bool = True) -> Predictions:
    counts = {o: outputs.count(o) for o in outputs}
    best = max(counts.values())
    winners = [o for o, c in counts.items() if c == best]
    majority = winners[0] if len(winners) == 1 else None
    return Predictions(tuple(outputs), majority, best, more_asked=more, reliable=reliable)


def test_no_oracle_checks_nothing() -> None:
    found = settle([], None, same)
    assert found.expected is None and not found.conflict and not found.ask_more
    assert judge(found, "5", same).verdict == "unchecked"


def test_predictions_alone_decide_and_a_tie_asks_again_once() -> None:
    assert settle([], votes("3", "3", "4"), same).expected == "3"
    tie = settle([], votes("3", "4", more=False), same)
    assert tie.expected is None and tie.ask_more
    assert not settle([], votes("3", "4"), same).ask_more


def test_a_split_prediction_alone_against_the_candidate_asks_again_first() -> None:
    found = settle([], votes("3", "3", "4", more=False), same)
    assert judge(found, "4", same).ask_more
    unanimous = settle([], votes("3", "3", "3", more=False), same)
    verdict = judge(unanimous, "4", same)
    assert verdict.verdict == "wrong" and not verdict.ask_more


def test_a_program_alone_at_large_sizes_decides() -> None:
    found = settle([ProgramAnswer("alt1", "200000")], None, same)
    assert found.expected == "200000" and found.by == ("alt1",)
    verdict = judge(found, "100002", same)
    assert verdict.verdict == "wrong" and verdict.against == ("alt1",)
    assert judge(found, "200000", same).verdict == "agree"


def test_agreeing_oracles_all_stand() -> None:
    found = settle(
        [ProgramAnswer("brute", "6"), ProgramAnswer("alt1", "6")], votes("6", "6", "6"), same
    )
    assert found.expected == "6" and found.by == ("brute", "alt1", PREDICTION)
    assert not found.dropped
    assert judge(found, "6", same).agree == ("brute", "alt1", PREDICTION)


def test_a_brute_force_no_prediction_agrees_with_is_a_conflict_not_a_winner() -> None:
    # The case: six predictions 90, 91, 90, 90, 91, 90 against a brute force's 89.
    found = settle([ProgramAnswer("brute", "89")], votes("90", "91", "90", "90", "91", "90"), same)
    assert found.conflict and found.expected is None
    assert "no prediction agrees" in found.rule
    # The candidate siding with the brute force settles nothing.
    verdict = judge(found, "89", same)
    assert verdict.verdict == "conflict" and verdict.agree == ("brute",)


def test_a_split_vote_some_of_which_agrees_loses_to_the_program() -> None:
    found = settle([ProgramAnswer("brute", "89")], votes("90", "90", "89"), same)
    assert found.expected == "89" and found.dropped == (PREDICTION,)
    assert judge(found, "89", same).verdict == "agree"


def test_one_program_against_the_predictions_asks_again_first() -> None:
    found = settle([ProgramAnswer("brute", "89")], votes("90", "90", "90", more=False), same)
    assert found.ask_more and found.conflict


def test_unanimous_reliable_predictions_against_one_program_are_a_conflict() -> None:
    found = settle([ProgramAnswer("brute", "89")], votes("90", "90", "90"), same)
    assert found.conflict and "no prediction agrees" in found.rule


def test_predictions_wrong_on_a_sample_lose_to_a_program() -> None:
    found = settle([ProgramAnswer("brute", "89")], votes("90", "90", "90", reliable=False), same)
    assert found.expected == "89" and found.dropped == (PREDICTION,)


def test_two_programs_agreeing_overrule_predictions_wrong_in_the_same_way() -> None:
    # The false alarm of consistently wrong predictions is recognised at once.
    found = settle(
        [ProgramAnswer("brute", "6"), ProgramAnswer("alt1", "6")],
        votes("7", "7", "7", more=False),
        same,
    )
    assert found.expected == "6" and found.dropped == (PREDICTION,) and not found.ask_more
    assert judge(found, "6", same).verdict == "agree"


def test_predictions_decide_between_two_programs_and_the_loser_is_dropped() -> None:
    # A brute force sharing the draft's bug: the alternative and the predictions overrule it.
    found = settle(
        [ProgramAnswer("brute", "4"), ProgramAnswer("alt1", "6")], votes("6", "6", "5"), same
    )
    assert found.expected == "6" and found.by == ("alt1", PREDICTION)
    assert found.dropped == ("brute",)
    verdict = judge(found, "4", same)
    assert verdict.verdict == "wrong" and verdict.against == ("alt1", PREDICTION)


def test_two_programs_disagreeing_with_nothing_to_decide_conflict() -> None:
    found = settle([ProgramAnswer("brute", "4"), ProgramAnswer("alt1", "6")], None, same)
    assert found.conflict and not found.ask_more
    assert judge(found, "6", same).verdict == "conflict"
    undecided = settle(
        [ProgramAnswer("brute", "4"), ProgramAnswer("alt1", "6")], votes("5", more=False), same
    )
    assert undecided.ask_more and undecided.sides == (("brute",), ("alt1",), (PREDICTION,))


def test_the_majority_of_programs_wins_without_predictions() -> None:
    found = settle(
        [ProgramAnswer("brute", "6"), ProgramAnswer("alt1", "6"), ProgramAnswer("alt2", "7")],
        None,
        same,
    )
    assert found.expected == "6" and found.dropped == ("alt2",)


def test_the_candidate_is_never_a_voter() -> None:
    # Whatever the candidate prints, the settlement is the same: it is not an argument.
    programs = [ProgramAnswer("brute", "4"), ProgramAnswer("alt1", "6")]
    assert settle(programs, votes("5"), same) == settle(programs, votes("5"), same)
    assert judge(settle(programs, votes("5"), same), "4", same).verdict == "conflict"
    assert judge(settle(programs, votes("5"), same), "6", same).verdict == "conflict"


def test_a_tie_that_no_program_shares_is_a_conflict_against_the_predictions() -> None:
    found = settle([ProgramAnswer("brute", "89")], votes("90", "91"), same)
    assert found.conflict and found.outputs == {"brute": "89"}
    verdict = judge(found, "89", same)
    assert verdict.agree == ("brute",) and verdict.against == (PREDICTION,)
