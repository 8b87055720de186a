"""The maximum is the maximum, and extreme values at small sizes (issue 16, items 3 and 4):
real CLI, real HTTP, scripted model."""

from __future__ import annotations

from pathlib import Path

from tests.scripted_model import ScriptedModel, code, weak_generator
from tests.test_solve import GENERATOR, RIGHT, script, solve


def test_a_weak_generator_verifies_nothing(statement: Path, tmp_path: Path) -> None:
    """Its "large" inputs hold at most 11 numbers where n <= 10^5: far from the maximum."""
    with ScriptedModel(script(generator=[code(weak_generator(GENERATOR))])) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 1, res.stderr + res.stdout
    assert not report["verified"]
    assert "the largest input reaches size" in report["stop_reason"]
    reach = report["strength"]["reach"]
    assert reach["bound"] == "n" and reach["target"] == 10**5 and not reach["enough"]
    assert reach["reached"] <= 11


def test_the_model_can_say_what_is_a_size(statement: Path, tmp_path: Path) -> None:
    """The bounds stage is asked; its kinds are used, its numbers checked by the statement."""
    reply = "```bounds\nn 1 10^6 size\na_i -10^9 10^9 value\n```"
    with ScriptedModel(script(bounds=[reply])) as model:
        res, report = solve(model, statement, tmp_path)
        asked = model.stage_requests("bounds")
    assert res.code == 0, res.stderr + res.stdout
    assert len(asked) == 1 and "```bounds" in asked[0].user_text
    bounds = {b["name"]: b for b in report["strength"]["bounds"]}
    assert bounds["n"]["high"] == 10**5  # the statement's, not the model's 10^6
    assert any("contradicts the statement" in e["what"] for e in report["events"])
    assert report["strength"]["reach"]["enough"]


# Right except when a value is exactly at its bound: a sentinel that reads as "no value".
EDGE_OF_RANGE = """
import sys
data = list(map(int, sys.stdin.read().split()))
n = data[0]
print(sum(x for x in data[1:1 + n] if abs(x) != 10**9))
"""


def test_values_at_their_extremes_find_a_bug_small_inputs_miss(
    statement: Path, tmp_path: Path
) -> None:
    with ScriptedModel(script(draft=[code(EDGE_OF_RANGE)], repair=[code(RIGHT)])) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 0, res.stderr + res.stdout
    extreme = {t["id"]: t for t in report["tests"] if t["origin"] == "extreme"}
    assert extreme and all(len(t["input"].split()) <= 11 for t in extreme.values())
    wrong = {d["test"] for d in report["disagreements"] if d["candidate"] == "c1"}
    assert wrong & set(extreme)
    assert report["solution"] == "c2"
