"""Alternative solutions (`alt`) as oracles at every size, and arbitration a shared bug cannot
pass (issue 16, items 2 and 5). Real CLI, real HTTP, the scripted model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.scripted_model import ScriptedModel, code, consistently_wrong, input_blocks, output
from tests.test_loop_arbitration import POSITIVES_BRUTE
from tests.test_solve import (
    NO_ALT,
    POSITIVES_ONLY,
    RIGHT,
    asked_input,
    predictor,
    script,
    solve,
    true_answer,
)

# Right on every input of up to 1000 numbers: the sum of the first 1000 only (a list cut
# short). The generator's tiny and small inputs never reach it; its large ones do.
CUT_SHORT = """
import sys
data = sys.stdin.read().split()
n = int(data[0])
print(sum(map(int, data[1:1 + min(n, 1000)])))
"""

# A brute force that cannot afford more than 2000 numbers (so the large tests have no brute).
TINY_BRUTE = """
import sys
data = list(map(int, sys.stdin.read().split()))
assert data[0] <= 2000, "too big for a brute force"
total = 0
for x in data[1:]:
    total = total + x
print(total)
"""


def test_a_bug_only_at_the_maximum_is_found_by_the_alternative_solution(
    statement: Path, tmp_path: Path
) -> None:
    # Without an alternative no oracle reaches the large tests and the cut-short draft passes.
    with ScriptedModel(
        script(draft=[code(CUT_SHORT)], brute=[code(TINY_BRUTE)], alt=NO_ALT)
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
    assert res.code == 0 and report["solution"] == "c1"  # what the alternative is for
    with ScriptedModel(
        script(draft=[code(CUT_SHORT)], brute=[code(TINY_BRUTE)], repair=[code(RIGHT)])
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert report["solution"] == "c2" and len(repairs) == 1
    assert "an independent solution written without seeing yours (alt1)" in repairs[0].user_text
    wrong = [d for d in report["disagreements"] if d["candidate"] == "c1"]
    assert wrong and all(d["disagree"] == ["alt1"] for d in wrong)
    large = {t["id"] for t in report["tests"] if t["size"] in ("large", "max")}
    assert {d["test"] for d in wrong} <= large
    # A small input separating the two was searched for (none exists below 1000 numbers).
    assert any(
        e["what"].startswith("no small input separates c1 from alt1") for e in report["events"]
    )


def test_the_model_is_asked_for_an_input_separating_the_candidate_from_the_alternative(
    statement: Path, tmp_path: Path
) -> None:
    # No generator draw of size small or tiny separates them (at most 10 numbers); the model,
    # shown both programs, gives 1001 ones: small enough for the brute force, which settles it.
    ones = "1001\n" + " ".join(["1"] * 1001) + "\n"
    with ScriptedModel(
        script(
            draft=[code(CUT_SHORT)],
            brute=[code(TINY_BRUTE)],
            repair=[code(RIGHT)],
            separate=[input_blocks("1\n5\n", ones)],  # the first separates nothing
        )
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
        asked = model.stage_requests("separate")
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert len(asked) == 1
    assert "Program A:" in asked[0].user_text and CUT_SHORT.strip() in asked[0].user_text
    separating = [t for t in report["tests"] if t["origin"] == "separating"]
    assert len(separating) == 1 and separating[0]["input"] == ones
    assert separating[0]["brute"] == "1001\n" and separating[0]["alts"] == {"alt1": "1001\n"}
    # The repair shows the separating input, settled by the brute force and the others.
    assert "```input\n1001\n1 1 1" in repairs[0].user_text
    assert "Expected output (the brute-force reference, " in repairs[0].user_text
    assert report["solution"] == "c2"


def test_a_brute_force_sharing_the_bug_is_overruled_by_an_alternative_and_the_predictions(
    statement: Path, tmp_path: Path
) -> None:
    # Before: the brute force and the unanimous predictions conflicted, and the conflict
    # blocked every candidate, the right repair included (a false alarm for the whole budget).
    with ScriptedModel(
        script(draft=[code(POSITIVES_ONLY)], brute=[code(POSITIVES_BRUTE)], repair=[code(RIGHT)])
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "3")
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert report["solution"] == "c2" and len(repairs) == 1
    assert report["oracles"]["brute_trusted"] is False
    assert any(
        "overrule brute force; the brute force is trusted no more" in e["what"]
        for e in report["events"]
    )
    assert "stress: the brute force is overruled on" in " ".join(report["strength"]["skipped"])
    # The brute force, trusted no more, is not among those who say what is right.
    assert (
        "Expected output (an independent solution written without seeing yours (alt1) and "
        "the model's predicted output (3 of 3 predictions) agree)"
    ) in repairs[0].user_text


def test_predictions_wrong_in_the_same_way_are_overruled_by_two_programs_at_once(
    statement: Path, tmp_path: Path
) -> None:
    # Right on the samples, the same wrong number on every third other input: with only the
    # brute force against them this was a conflict on every round (tests/test_loop_arbitration
    # shows it without the alternative). The brute force and the alternative agree: no more
    # predictions, no repair, verified in round 1.
    samples = {"3\n1 2 3\n", "2\n10 20\n"}
    predict = consistently_wrong(predictor, every=3, spare=samples)
    with ScriptedModel(script(predict=predict)) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
    assert res.code == 0, res.stderr + res.stdout
    assert len(report["rounds"]) == 1 and "repair" not in report["usage"]
    overruled = [t for t in report["tests"] if t["dropped"] == ["prediction"]]
    assert overruled and not any(t["repredicted"] for t in overruled)
    assert report["oracles"]["brute_trusted"] is True


def test_a_brute_force_no_prediction_agrees_with_is_a_conflict_not_a_winner(
    statement: Path, tmp_path: Path
) -> None:
    # A brute force sharing the draft's bug; the predictions are split between two answers,
    # neither the brute force's. Before, the split vote lost to the brute force and the shared
    # bug was verified; now it is a conflict and nothing is verified.
    calls = {"n": 0}

    def split(body: dict[str, Any]) -> str:
        text = asked_input(body)
        numbers = list(map(int, text.split()))
        if all(x > 0 for x in numbers[1:]):
            return predictor(body)
        calls["n"] += 1
        return output(str(true_answer(text) + calls["n"] % 2))

    with ScriptedModel(
        script(
            draft=[code(POSITIVES_ONLY)],
            brute=[code(POSITIVES_BRUTE)],
            predict=split,
            repair=[code(POSITIVES_ONLY)],
            alt=NO_ALT,
        )
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
    assert res.code == 1, res.stdout
    assert report["verified"] is False
    conflicts = [d for d in report["disagreements"] if d["agree"] == ["brute"]]
    assert conflicts and all(d["disagree"] == ["prediction"] for d in conflicts)


# A brute force right on every input of up to 2000 numbers, and fast enough for the large
# ones, where it is wrong (it stops at 2000): at the maximum it contradicts the alternative,
# with no prediction there to decide.
CAPPED_BRUTE = """
import sys
data = list(map(int, sys.stdin.read().split()))
total = 0
for x in data[1:1 + min(data[0], 2000)]:
    total = total + x
print(total)
"""


def test_oracles_in_conflict_are_decided_by_one_more_alternative(
    statement: Path, tmp_path: Path
) -> None:
    """A correct draft, a correct alternative, a brute force wrong only at large sizes: the
    two programs conflict where nothing else answers. One more independent alternative is
    asked for, and two agreeing programs overrule the brute force (before: a false alarm,
    the right draft never verified)."""
    with ScriptedModel(script(brute=[code(CAPPED_BRUTE)])) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
        asked = model.stage_requests("alt")
    assert res.code == 0, res.stderr + res.stdout
    assert report["verified"] and report["solution"] == "c1"
    assert len(asked) == 2
    assert [a["id"] for a in report["oracles"]["alternatives"]] == ["alt1", "alt2"]
    assert report["oracles"]["brute_trusted"] is False
    assert any("oracles conflict" in e["what"] for e in report["events"])
    # With no alternative at all, the capped brute force alone judges the large tests.
    with ScriptedModel(script(brute=[code(CAPPED_BRUTE)], alt=NO_ALT)) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
    assert res.code == 1 and not report["verified"], res.stdout
