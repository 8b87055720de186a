"""The worst case at the largest sizes (issue 8, item 3). Real CLI, real HTTP, scripted model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_files
from tests.scripted_model import ScriptedModel, code
from tests.test_solve import GENERATOR, RIGHT, STATEMENT, VALIDATOR, script, solve

# Right, and fast on random inputs; quadratic when every number is the same (a "dedup" path
# written badly), which random drawing never produces.
EQUAL_SLOW = """
import sys
data = sys.stdin.read().split()
n = int(data[0])
xs = list(map(int, data[1:1 + n]))
if n > 1 and len(set(xs)) == 1:
    seen = []
    for x in xs:
        if x not in seen or True:
            seen = [y for y in seen] + [x]
    print(xs[0] * len(seen))
else:
    print(sum(xs))
"""

WORST = GENERATOR + """

def worst_cases(scale):
    n = max(1, int(100000 * scale))
    return [f"{n}\\n" + " ".join(["1000000000"] * n) + "\\n",
            f"{n}\\n" + " ".join(str(i) for i in range(n)) + "\\n"]
"""

# A busy start-up for the largest inputs: within the limit, not within the margin.
SLOWISH = RIGHT + """
if n >= 100000:
    spin = 0
    for i in range(12_000_000):
        spin += i
"""


@pytest.fixture
def statement(tmp_path: Path) -> Path:
    return write_files(tmp_path, {"sum.md": STATEMENT}) / "sum.md"


def test_slow_only_on_worst_cases_is_caught_with_its_curve(statement: Path,
                                                           tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[code(EQUAL_SLOW)], generator=[code(WORST)],
                              complexity=["```complexity\nO(n)\n```"])) as model:
        res, report = solve(model, statement, tmp_path, "--time-limit", "1")
        repairs = model.stage_requests("repair")
        asked = model.stage_requests("generator")[0].user_text
    assert res.code == 0, res.stderr + res.stdout
    assert "def worst_cases(scale)" in asked
    worst = [t for t in report["tests"] if t["origin"] == "worst"]
    assert worst and all(t["size"] == "max" for t in worst)
    assert any(d["candidate"] == "c1" and d["kind"] == "TLE" and d["test"].startswith("worst/")
               for d in report["disagreements"])
    shown = repairs[0].user_text
    assert "exceeded the time limit of 1 s" in shown
    assert "Time at growing sizes:" in shown and "time grew" in shown
    assert "You stated the complexity O(n) which the measurement contradicts" in shown
    curve = report["timing"]["c1"]
    assert len(curve["curve"]) >= 5 and curve["exponent"] >= 1.4
    assert curve["stated"] == "O(n)" and curve["stated_exponent"] == 1.0 and curve["mismatch"]
    # The repaired program is timed the same way, and fits.
    assert report["solution"] == "c2"
    assert report["strength"]["largest_input"]["size"] == 100001
    assert report["strength"]["largest_input"]["seconds"] < 0.8


def test_within_the_limit_but_not_the_margin_is_repaired(statement: Path,
                                                         tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[code(SLOWISH)])) as model:
        res, report = solve(model, statement, tmp_path, "--time-limit", "4",
                            "--time-margin", "0.9")
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert len(repairs) == 1
    assert "a 90% safety margin" in repairs[0].user_text
    assert any(d["candidate"] == "c1" and d["kind"] == "slow" for d in report["disagreements"])
    assert report["solution"] == "c2"


def test_no_input_at_the_maximum_is_not_verified(statement: Path, tmp_path: Path) -> None:
    broken = GENERATOR.replace("n = 100000\n", "n = 100000\n        raise ValueError('oops')\n")
    with ScriptedModel(script(generator=[code(broken)])) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 1, res.stdout
    assert report["stop_reason"] == ("not verified: no input reached the maximum constraints "
                                     "(the generator failed for size large)")
    assert len(report["rounds"]) == 1
    assert "maximum sizes: the generator failed for size large" in \
        report["strength"]["skipped"]


def test_validators_rejecting_every_large_input_is_not_verified(statement: Path,
                                                                tmp_path: Path) -> None:
    strict = VALIDATOR.replace("1 <= n <= 10**5", "1 <= n <= 1000")
    with ScriptedModel(script(validator=[code(strict)])) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 1, res.stdout
    assert report["stop_reason"].endswith("(the input validators rejected every input at the "
                                          "maximum sizes)")


def test_a_model_that_states_no_complexity_is_skipped_not_blocked(statement: Path,
                                                                  tmp_path: Path) -> None:
    with ScriptedModel(script(complexity=["It is fast."])) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 0, res.stderr + res.stdout
    assert "complexity: the model's reply had no ```complexity block" in \
        report["strength"]["skipped"]
    assert report["timing"]["c1"]["stated"] is None
