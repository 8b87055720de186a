"""Arbitration (issue 8, item 4): the candidate is never a voter. Real CLI, real HTTP, the
scripted model of tests/scripted_model.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.scripted_model import ScriptedModel, code, output
from tests.test_solve import (
    NO_ALT,
    POSITIVES_ONLY,
    RIGHT,
    asked_input,
    predictor,
    script,
    solve,
)

# A brute force with the same misreading as POSITIVES_ONLY: "sum" of the positive numbers.
# It passes both samples (they have no negative numbers), so it is trusted.
POSITIVES_BRUTE = """
import sys
data = list(map(int, sys.stdin.read().split()))
total = 0
for x in data[1:]:
    if x > 0:
        total = total + x
print(total)
"""


def test_a_brute_force_sharing_the_misreading_does_not_verify(
    statement: Path, tmp_path: Path
) -> None:
    with ScriptedModel(
        script(
            draft=[code(POSITIVES_ONLY)],
            brute=[code(POSITIVES_BRUTE)],
            repair=[code(POSITIVES_ONLY)],
            alt=NO_ALT,
        )
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
        repairs = model.stage_requests("repair")
    assert res.code == 1, res.stdout
    assert report["verified"] is False and report["oracles"]["brute_trusted"] is True
    # The predictions kept their say: the repair shows both oracles, not the candidate's side.
    shown = repairs[0].user_text
    assert "The oracles disagree on this input" in shown
    assert "your program agrees with the brute-force reference, which settles nothing" in shown
    conflicted = [d for d in report["disagreements"] if d["agree"] == ["brute"]]
    assert conflicted and all(d["disagree"] == ["prediction"] for d in conflicted)
    assert all(t["dropped"] == [] for t in report["tests"])


def test_two_wrong_predictions_and_no_brute_force_do_not_block_a_right_draft(
    statement: Path, tmp_path: Path
) -> None:
    wrong = {"left": 2}

    def twice_wrong(body: dict[str, Any]) -> str:
        if asked_input(body) == "2\n0 0\n" and wrong["left"]:
            wrong["left"] -= 1
            return output("7")
        return predictor(body)

    with ScriptedModel(
        script(brute=["I would rather not write a brute force."], predict=twice_wrong)
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "3")
    assert res.code == 0, res.stderr + res.stdout
    assert "repair" not in report["usage"]  # more predictions came before any repair
    test = next(t for t in report["tests"] if t["input"] == "2\n0 0\n")
    assert test["repredicted"] is True and test["predicted"] == "0\n"
    assert test["votes"] == 4 and len(test["predictions"]) == 6
    assert report["oracles"]["brute_trusted"] is False
    assert "stress: no brute force" in report["strength"]["skipped"]


def test_unanimous_predictions_still_count_without_a_brute_force(
    statement: Path, tmp_path: Path
) -> None:
    # Three of three predictions against the candidate need no more predictions: repair.
    with ScriptedModel(
        script(draft=[code(POSITIVES_ONLY)], brute=["No brute force today."])
    ) as model:
        res, report = solve(model, statement, tmp_path)
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert len(repairs) == 1
    assert "the model's predicted output (3 of 3 predictions)" in repairs[0].user_text
    assert report["solution"] == "c2"


def test_a_repair_identical_to_an_earlier_candidate_is_not_run_again(
    statement: Path, tmp_path: Path
) -> None:
    # The same program with other blank lines and trailing spaces, then a real fix.
    respaced = "\n\n" + POSITIVES_ONLY.replace("\n", "   \n\n") + "\n"
    with ScriptedModel(
        script(draft=[code(POSITIVES_ONLY)], repair=[code(respaced), code(RIGHT)])
    ) as model:
        res, report = solve(model, statement, tmp_path)
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert len(repairs) == 2
    told = repairs[1].body["messages"][-1]["content"]
    assert told.startswith("That program is identical (up to whitespace) to candidate c1")
    assert [c["origin"] for c in report["candidates"]] == ["draft", "repair of c1"]
    assert report["candidates"][1]["code"].strip() == RIGHT.strip()
    assert any(
        e["what"] == "the repair is identical to c1: not run again, telling the model"
        for e in report["events"]
    )
    assert {r["candidate"] for r in report["runs"]} == {"c1", "c2"}


def test_a_split_vote_against_the_brute_force_loses_to_it(statement: Path, tmp_path: Path) -> None:
    # Two of every three predictions for one input are wrong: more predictions do not settle
    # it (4 of 6), so the brute force, which passed the samples, decides; not the candidate.
    calls = {"n": 0}

    def mostly_wrong(body: dict[str, Any]) -> str:
        if asked_input(body) == "2\n0 0\n":
            calls["n"] += 1
            return output("1") if calls["n"] % 3 else predictor(body)
        return predictor(body)

    with ScriptedModel(script(predict=mostly_wrong, alt=NO_ALT)) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 0, res.stderr + res.stdout
    test = next(t for t in report["tests"] if t["input"] == "2\n0 0\n")
    assert test["repredicted"] and test["votes"] == 4 and len(test["predictions"]) == 6
    assert test["dropped"] == ["prediction"]
    assert any(
        e["what"] == f"{test['id']}: the split prediction (4 of 6) loses to the brute force"
        for e in report["events"]
    )
    assert "repair" not in report["usage"]


def test_predictions_wrong_on_the_samples_lose_to_a_trusted_brute_force(
    statement: Path, tmp_path: Path
) -> None:
    # A model whose predictions are always the same wrong number: unanimous against the right
    # brute force (and the right draft) on every test. They were never shown to be right, so
    # asked for the samples (known outputs) they fail there and the brute force decides: the
    # right draft is verified, not blocked for the whole budget (no false alarm).
    def always_seven(body: dict[str, Any]) -> str:
        return output("7")

    with ScriptedModel(script(predict=always_seven, alt=NO_ALT)) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
        asked = [asked_input(r.body) for r in model.stage_requests("predict")]
    assert res.code == 0, res.stderr + res.stdout
    assert report["oracles"]["brute_trusted"] is True
    samples = [t["input"] for t in report["tests"] if t["origin"] == "sample"]
    assert samples and samples[0] in asked  # the predictions were checked on a sample
    assert report["strength"]["skipped"] and any(
        s.startswith("prediction: the model's predictions are wrong on sample")
        for s in report["strength"]["skipped"]
    )
    assert "repair" not in report["usage"]
