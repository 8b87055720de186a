"""`solver solve` on an interactive package (issue 10, item 2): the package's interactor judges
every run of a candidate; no predictions, no brute force, no stress. Real CLI, real HTTP, a
scripted model, the shipped `guess-number` package and its interactor."""

from __future__ import annotations

import shutil
from pathlib import Path

from solver.task import load_task
from tests.conftest import PROBLEMS, run_cli
from tests.scripted_model import ScriptedModel, Status, code, input_blocks
from tests.test_solve import solve

GUESS = PROBLEMS / "guess-number"

RIGHT = """
import sys
n = int(sys.stdin.readline())
lo, hi = 1, n
while True:
    mid = (lo + hi) // 2
    print("guess", mid, flush=True)
    reply = sys.stdin.readline().strip()
    if reply == "correct":
        break
    if reply == "higher":
        lo = mid + 1
    else:
        hi = mid - 1
"""

# Searches [1, N - 1]: right on the sample (X = 7 of 10), wrong whenever X = N.
OFF_BY_ONE = RIGHT.replace("lo, hi = 1, n", "lo, hi = 1, n - 1")

# Never flushes: its first guess stays in its buffer while it waits for a reply.
NO_FLUSH = RIGHT.replace(", flush=True", "")

GENERATOR = """
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size == "tiny":
        return draw(st.sampled_from(["1 1\\n", "3 2\\n"]))
    if size == "small":
        return draw(st.sampled_from(["10 10\\n", "10 1\\n", "9 4\\n"]))
    return draw(st.sampled_from(["1000000000 1000000000\\n", "1000000000 1\\n",
                                 "1000000000 123456789\\n"]))


def worst_cases(scale):
    n = max(1, int(10**9 * scale))
    return [f"{n} {max(1, n - 1)}\\n"]
"""

VALIDATOR = """
import sys
parts = sys.stdin.read().split()
ok = len(parts) == 2 and all(p.isdigit() for p in parts) and \\
    1 <= int(parts[1]) <= int(parts[0]) <= 10**9
sys.exit(0 if ok else 1)
"""


def script(**stages: object) -> dict[str, object]:
    base: dict[str, object] = {
        "draft": [code(RIGHT)],
        # "5 0" breaks the constraints: the package's input validator must filter it out.
        "tests": [input_blocks("1 1", "2 2", "5 0")],
        "generator": [code(GENERATOR)],
        "validator": [code(VALIDATOR)],
        "repair": [code(RIGHT)],
        "complexity": ["```complexity\nO(log n)\n```"],
        # Nothing to predict and no brute force for an interactive problem: never asked.
        "brute": [Status(500, "the loop must not ask for a brute force")],
        "predict": [Status(500, "the loop must not ask for predictions")],
    }
    base.update(stages)
    return base


def run(model: ScriptedModel, tmp_path: Path, *args: str) -> tuple[object, dict]:
    res, report = solve(model, GUESS, tmp_path, "--time-limit", "1", "-j", "2", *args)
    assert report is not None, res.stderr + res.stdout
    return res, report


def test_a_right_draft_is_verified_by_the_interactor(tmp_path: Path) -> None:
    with ScriptedModel(script()) as model:
        res, report = run(model, tmp_path)
        drafts = model.stage_requests("draft")
        tests = model.stage_requests("tests")
    assert res.code == 0, res.stderr + res.stdout
    assert report["verified"] is True and report["interactive"] is True
    assert {r.stage for r in model.requests} == {
        "draft",
        "tests",
        "generator",
        "validator",
        "complexity",
    }
    # The model is told the problem is interactive, to flush, and what a test is.
    assert "interactive problem" in drafts[0].user_text and "flush" in drafts[0].user_text
    assert "Sample 1 judge's test file:\n```input\n10 7\n```" in drafts[0].user_text
    assert "the file the judge's interactor reads" in tests[0].user_text
    # Every test went through the interactor, and it accepted every one.
    ids = {t["id"] for t in report["tests"]}
    assert "5 0\n" not in {t["input"] for t in report["tests"]}
    judged = {(j["candidate"], j["test"]): j for j in report["interactor"]}
    assert {t for c, t in judged if c == "c1"} == ids
    assert all(j["verdict"] == "AC" for j in judged.values())
    assert "found 7 in" in judged[("c1", "sample/1")]["message"]
    assert any(t["size"] == "large" for t in report["tests"])
    assert all(t["predictions"] == [] and t["brute"] is None for t in report["tests"])
    strength = report["strength"]
    assert strength["oracle_agreement"]["samples"] == {"tests": 1, "agreed": 1}
    assert strength["oracle_agreement"]["interactor"] == {
        "tests": len(ids) - 1,
        "agreed": len(ids) - 1,
    }
    skipped = strength["skipped"]
    assert "predict: interactive problem, the interactor is the oracle" in skipped
    assert any(s.startswith("stress: interactive problem") for s in skipped)
    assert strength["stress_comparisons"] == 0
    # Timing applies: the candidate's own CPU time, at the maximum sizes (worst cases
    # included), and the time curve's points are runs against the interactor too.
    # "1000000000 X": one line, so its number counts by value (issue 16: n <= 10^9 is size n)
    assert strength["largest_input"]["size"] == 1000000000
    assert any(t["origin"] == "worst" for t in report["tests"])
    assert not any(s.startswith("worst cases") for s in skipped)
    curve = report["timing"]["c1"]
    assert curve["max_seconds"] is not None and len(curve["curve"]) >= 5
    assert all(verdict == "OK" for _, _, verdict in curve["curve"])
    assert "interactor" in res.stdout.splitlines()[-1]


def test_an_off_by_one_draft_is_repaired_from_the_interactors_message(tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[code(OFF_BY_ONE)])) as model:
        res, report = run(model, tmp_path)
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert report["verified"] is True and report["solution"] == "c2"
    wrong = {d["test"] for d in report["disagreements"] if d["candidate"] == "c1"}
    inputs = {t["id"]: t["input"] for t in report["tests"]}
    # Wrong exactly where X = N (the interactor says why), nowhere else.
    assert wrong == {i for i, text in inputs.items() if text.split()[0] == text.split()[1]}
    assert all(
        d["disagree"] == ["interactor"] and d["kind"] == "wrong answer"
        for d in report["disagreements"]
    )
    assert len(repairs) == 1
    shown = repairs[0].user_text
    assert "The interactor rejected it (wrong answer)" in shown
    assert "The interactor's message: guess " in shown  # its judgemessage.txt, first line
    assert "```input\n1 1\n```" in shown  # the smallest failing test file
    assert "flush" in shown and OFF_BY_ONE.strip() in shown


def test_two_drafts_judged_at_once_the_right_one_wins(tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[code(OFF_BY_ONE), code(RIGHT)])) as model:
        res, report = run(model, tmp_path, "--candidates", "2")
    assert res.code == 0, res.stderr + res.stdout
    assert report["solution"] == "c2" and len(report["rounds"]) == 1
    verdicts = {(j["candidate"], j["test"]): j["verdict"] for j in report["interactor"]}
    assert verdicts[("c1", "sample/1")] == verdicts[("c2", "sample/1")] == "AC"
    assert verdicts[("c1", "edge/1")] == "WA" and verdicts[("c2", "edge/1")] == "AC"


def test_a_crash_is_shown_with_the_programs_stderr_not_as_the_interactors_word(
    tmp_path: Path,
) -> None:
    crash = (GUESS / "submissions" / "run_time_error" / "crash_on_lower.py").read_text()
    with ScriptedModel(script(draft=[code(crash)])) as model:
        res, report = run(model, tmp_path)
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert "RTE" in {d["kind"] for d in report["disagreements"] if d["candidate"] == "c1"}
    shown = repairs[0].user_text
    assert "It failed with RTE against the interactor" in shown
    assert "Standard error:" in shown and "did not expect to go lower" in shown
    assert "The interactor's message" not in shown
    assert report["verified"] is True and report["solution"] == "c2"


def test_a_draft_that_never_passes_stays_unverified(tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[code(NO_FLUSH)], repair=[code(OFF_BY_ONE)])) as model:
        res, report = run(model, tmp_path, "--rounds", "3")
        repairs = model.stage_requests("repair")
    assert res.code == 1, res.stderr + res.stdout
    assert report["verified"] is False and report["stop_reason"] == "3 rounds spent"
    assert res.stdout.startswith("unverified:")
    # The unflushed program waits for a reply that never comes: TLE from its own run, and
    # the interactor gives no verdict.
    flushless = [j for j in report["interactor"] if j["candidate"] == "c1"]
    assert flushless and all(j["verdict"] == "" for j in flushless)
    assert {r["verdict"] for r in report["runs"] if r["candidate"] == "c1"} == {"TLE"}
    assert "exceeded the time limit of 1 s" in repairs[0].user_text
    assert "output not flushed" in repairs[0].user_text
    # Its repair is wrong where X = N, and the model keeps answering with it.
    assert report["solution"] == "c2" and len(report["candidates"]) == 2
    assert any(
        d["candidate"] == "c2" and d["disagree"] == ["interactor"] for d in report["disagreements"]
    )


def test_a_statement_file_of_an_interactive_problem_is_refused(tmp_path: Path) -> None:
    statement = tmp_path / "guess.md"
    statement.write_text(
        "# Guess\nThis is an interactive problem.\n\n## Interaction\n"
        "Ask questions.\n\n### Sample Input\n```\n10\n```\n"
        "### Sample Output\n```\nguess 5\n```\n"
    )
    res = run_cli("solve", statement, "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert res.code == 2
    assert res.stderr.count("\n") == 1 and "interactive" in res.stderr


def test_the_shown_samples_say_what_an_interactive_test_is() -> None:
    task = load_task(GUESS, time_limit=1.0)
    text = task.shown_to_model()
    assert task.interactive and "your program never reads these files" in text
    assert "Sample 1 output:" not in text


def test_an_interactor_that_needs_the_answer_file_blocks_verification(tmp_path: Path) -> None:
    # This interactor takes X from the answer file, which the loop leaves empty for every test
    # but the samples: it fails there, and those tests are dropped, never counted for or
    # against the candidate. With no test at the maximum sizes left, nothing is verified.
    package = tmp_path / "guess"
    shutil.copytree(GUESS, package)
    interactor = package / "output_validator" / "interactor.py"
    text = interactor.read_text()
    needs_answer = text.replace(
        "        n, x = map(int, f.read().split())",
        "        n = int(f.read().split()[0])\n"
        "    with open(_answer_file) as f:\n"
        "        x = int(f.read())",
    )
    assert needs_answer != text
    interactor.write_text(needs_answer)
    with ScriptedModel(script()) as model:
        res, report = solve(model, package, tmp_path, "--time-limit", "1", "-j", "2")
    assert res.code == 1, res.stderr + res.stdout
    assert "the interactor failed on every input at the maximum sizes" in report["stop_reason"]
    dropped = {t["id"] for t in report["tests"] if "interactor" in t["dropped"]}
    assert dropped == {t["id"] for t in report["tests"] if t["origin"] != "sample"}
    assert report["score"]["failures"] == 0 and report["score"]["samples_passed"] == 1
    skipped = report["strength"]["skipped"]
    assert sum(s.startswith("interactor on ") for s in skipped) == len(dropped)
    assert any("ValueError" in s for s in skipped)


def test_a_legacy_interactive_package_is_solved_the_same_way(tmp_path: Path) -> None:
    # `validation: custom interactive`, the interactor in output_validators/NAME/.
    package = tmp_path / "guess-legacy"
    shutil.copytree(GUESS, package)
    (package / "problem.yaml").write_text(
        "name: Guess the Number\nvalidation: custom interactive\nlimits:\n  time_limit: 1\n"
    )
    (package / "output_validators").mkdir()
    (package / "output_validator").rename(package / "output_validators" / "guess")
    (package / "statement").rename(package / "problem_statement")
    with ScriptedModel(script()) as model:
        res, report = solve(model, package, tmp_path)
    assert res.code == 0, res.stderr + res.stdout
    assert report["interactive"] is True and report["verified"] is True
    assert report["strength"]["oracle_agreement"]["interactor"]["agreed"] > 0
