"""`solver solve` end to end: the real CLI, the real `openai` client and real HTTP against a
scripted model server on 127.0.0.1, one test per scenario of the loop."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from solver.bounds import extreme_values, statement_bounds
from tests.conftest import PROBLEMS, default_sigint, run_cli
from tests.scripted_model import Hang, Reply, ScriptedModel, Status, code, input_blocks, output

STATEMENT = """
# Sum

Given $n$ integers, print their sum.

## Input

The first line holds $n$ ($1 \\le n \\le 10^5$). The second line holds $n$ integers $a_i$
($|a_i| \\le 10^9$).

## Output

Print the sum.

## Sample 1

### Input

```
3
1 2 3
```

### Output

```
6
```

## Sample 2

### Input

```
2
10 20
```

### Output

```
30
```
"""

RIGHT = """
import sys
data = sys.stdin.read().split()
n = int(data[0])
print(sum(map(int, data[1:1 + n])))
"""

POSITIVES_ONLY = """
import sys
data = sys.stdin.read().split()
n = int(data[0])
print(sum(x for x in map(int, data[1:1 + n]) if x > 0))
"""

SLOW = """
import sys
data = sys.stdin.read().split()
n = int(data[0])
total = 0
for x in map(int, data[1:1 + n]):
    step = 1 if x > 0 else -1
    for _ in range(abs(x)):
        total += step
print(total)
"""

GENERATOR = """
import random
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size == "large":
        rng = random.Random(draw(st.integers(0, 2**32)))
        n = 100000
        xs = [rng.randint(-10**9, 10**9) for _ in range(n)]
    else:
        n = draw(st.integers(1, 3 if size == "tiny" else 10))
        xs = draw(st.lists(st.integers(-100, 100), min_size=n, max_size=n))
    return f"{n}\\n{' '.join(map(str, xs))}\\n"
"""

VALIDATOR = """
import sys
lines = sys.stdin.read().split("\\n")
try:
    n = int(lines[0])
    xs = list(map(int, lines[1].split()))
    ok = 1 <= n <= 10**5 and len(xs) == n and all(abs(x) <= 10**9 for x in xs)
except (ValueError, IndexError):
    ok = False
sys.exit(0 if ok else 1)
"""

NO_ALT = ["No alternative solution today."]
"""A model that writes no alternative solution: tests of the brute force against the
predictions alone (tests/test_loop_alt.py has the alternative solution's part)."""

# An independent fast solution: another way of reading the numbers, the same answer.
ALT = """
import sys
n, *rest = sys.stdin.buffer.read().split()
total = 0
for token in rest[: int(n)]:
    total += int(token)
sys.stdout.write(f"{total}\\n")
"""

BRUTE = """
import sys
data = list(map(int, sys.stdin.read().split()))
total = 0
for x in data[1:]:
    total = total + x
print(total)
"""


def true_answer(text: str) -> int:
    numbers = list(map(int, text.split()))
    return sum(numbers[1 : 1 + numbers[0]])


def asked_input(body: dict[str, Any]) -> str:
    user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
    found = re.findall(r"```input\n(.*?)```", user, re.S)  # the last: samples come first
    assert found, user
    return found[-1]


def predictor(body: dict[str, Any]) -> str:
    return output(str(true_answer(asked_input(body))))


def script(**stages: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "draft": [code(RIGHT)],
        "tests": [input_blocks("1\n5\n", "2\n0 0\n", "1\n-1000000000\n")],
        "generator": [code(GENERATOR)],
        "validator": [code(VALIDATOR)],
        "brute": [code(BRUTE)],
        "alt": [code(ALT)],
        "predict": predictor,
        "repair": [code(RIGHT)],
        "complexity": ["```complexity\nO(n)\n```"],
        "bounds": ["```bounds\nn 1 10^5 size\na_i -10^9 10^9 value\n```"],
    }
    base.update(stages)
    return base


def solve(model: ScriptedModel, problem: Path, tmp_path: Path, *args: str) -> tuple[Any, Any]:
    res = run_cli(
        "solve",
        problem,
        "--base-url",
        model.base_url,
        "--model",
        "scripted-model",
        "--retries",
        "1",
        "--timeout",
        "20",
        "-o",
        tmp_path / "solution.py",
        "--report",
        tmp_path / "report.json",
        "--stress-seconds",
        "2",
        *args,
        timeout=300,
    )
    report = (
        json.loads((tmp_path / "report.json").read_text())
        if (tmp_path / "report.json").exists()
        else None
    )
    return res, report


def test_right_on_the_first_try(statement: Path, tmp_path: Path) -> None:
    with ScriptedModel(script()) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 0, res.stderr + res.stdout
    assert res.stdout.startswith("verified: verified; 1 round(s)")
    assert (tmp_path / "solution.py").read_text().strip() == RIGHT.strip()
    assert report["verified"] is True and len(report["rounds"]) == 1
    origins = {t["origin"] for t in report["tests"]}
    # `slow`: the slowest input the loop's own search found (no worst_cases), when new.
    assert {"sample", "edge", "generated", "sorted", "extreme"} <= origins
    assert origins <= {"sample", "edge", "generated", "sorted", "extreme", "slow"}
    sizes = {t["size"] for t in report["tests"] if t["origin"] == "generated"}
    assert sizes == {"tiny", "small", "large"}
    small = [
        t for t in report["tests"] if t["origin"] != "sample" and t["size"] not in ("large", "max")
    ]
    assert all(t["predicted"] is not None and t["brute"] is not None for t in small)
    assert all(len(t["predictions"]) == 3 for t in small)  # majority of three
    # Every stage was asked for, each request carrying its stage header.
    stages = {r.stage for r in model.requests}
    assert stages == {
        "draft",
        "tests",
        "generator",
        "bounds",
        "validator",
        "brute",
        "alt",
        "predict",
        "complexity",
    }
    assert set(report["usage"]) == stages
    assert report["tokens"] == sum(
        u["prompt_tokens"] + u["completion_tokens"] for u in report["usage"].values()
    )
    assert report["usage"]["draft"]["requests"] == 1
    # How strong "verified" was, printed in one line and kept in the report.
    strength = report["strength"]
    assert strength["oracle_agreement"]["samples"] == {"tests": 2, "agreed": 2}
    # The brute force answers the large inputs of this problem too: an oracle there as well.
    # (the two large inputs, and each sorted both ways).
    large = [t for t in report["tests"] if t["size"] in ("large", "max") and t["origin"] != "slow"]
    assert len(large) == 6 and all(t["brute"] is not None for t in large)
    assert {t["origin"] for t in large} == {"generated", "sorted"}
    assert strength["oracle_agreement"]["brute"]["tests"] == len(small) + 6
    assert strength["oracle_agreement"]["brute"]["agreed"] == len(small) + 6
    assert strength["oracle_agreement"]["prediction"]["agreed"] == len(small)
    # The independent fast solution is an oracle at every size, the large ones included.
    assert [a["trusted"] for a in report["oracles"]["alternatives"]] == [True]
    assert strength["oracle_agreement"]["alt1"] == {
        "tests": len(small) + 6,
        "agreed": len(small) + 6,
    }
    assert strength["stress_comparisons"] == report["stress"]["c1"]["comparisons"] > 0
    assert strength["largest_input"]["size"] == 100001
    assert strength["largest_input"]["limit_s"] == 2.0
    assert 0 < strength["largest_input"]["seconds"] < 2.0
    assert strength["skipped"] == ["worst cases: the generator defines no worst_cases(scale)"]
    assert strength["summary"].startswith("strength: oracles samples 2/2, brute ")
    assert res.stdout.splitlines()[-1] == strength["summary"]
    assert report["timing"]["c1"]["stated"] == "O(n)"


def test_wrong_draft_repaired_with_the_shrunk_counterexample(
    statement: Path, tmp_path: Path
) -> None:
    with ScriptedModel(
        script(draft=[code(POSITIVES_ONLY)], tests=[input_blocks("1\n5\n")])
    ) as model:
        res, report = solve(model, statement, tmp_path)
        repairs = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert len(repairs) == 1
    shown = repairs[0].user_text
    # Hypothesis shrank the failing generated input to one negative number.
    assert "the smallest input found (shrunk)" in shown
    assert "```input\n1\n-1\n```" in shown
    assert "Expected output (the brute-force reference)" in shown
    assert POSITIVES_ONLY.strip() in shown
    assert [c["origin"] for c in report["candidates"]] == ["draft", "repair of c1"]
    assert any(t["origin"] == "shrunk" and t["input"] == "1\n-1\n" for t in report["tests"])
    first = [d for d in report["disagreements"] if d["candidate"] == "c1"]
    assert first and all(d["kind"] == "wrong answer" for d in first)
    small = {t["id"] for t in report["tests"] if t["size"] not in ("large", "max")}
    assert all(
        set(d["disagree"]) == {"brute", "alt1", "prediction"} for d in first if d["test"] in small
    )
    # The brute force answers the large inputs too: there it and the alternative are the oracles.
    assert all(d["disagree"] == ["brute", "alt1"] for d in first if d["test"] not in small)
    assert report["verified"] is True and report["solution"] == "c2"


def test_oracles_that_disagree_are_settled_by_more_predictions(
    statement: Path, tmp_path: Path
) -> None:
    # Issue 8 changed this: the candidate no longer outvotes a prediction. The first two
    # predictions for one input are wrong, so the majority contradicts the brute force; more
    # predictions are asked for before anything is compared, and they settle it.
    wrong = {"left": 2}

    def twice_wrong(body: dict[str, Any]) -> str:
        if asked_input(body) == "2\n0 0\n" and wrong["left"]:
            wrong["left"] -= 1
            return output("1")
        return predictor(body)

    with ScriptedModel(script(predict=twice_wrong, alt=NO_ALT)) as model:
        res, report = solve(model, statement, tmp_path)
    assert res.code == 0, res.stderr + res.stdout
    test = next(t for t in report["tests"] if t["input"] == "2\n0 0\n")
    assert test["repredicted"] is True
    assert len(test["predictions"]) == 6 and test["predicted"] == "0\n" and test["votes"] == 4
    assert test["dropped"] == []
    assert any(
        e["what"] == "edge/2: asked for more predictions (2 of 3 before, 4 of 6 now)"
        for e in report["events"]
    )
    assert "repair" not in report["usage"]


def test_slow_draft_is_replaced_by_a_faster_one(statement: Path, tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[code(SLOW)])) as model:
        res, report = solve(model, statement, tmp_path, "--time-limit", "1")
        repair = model.stage_requests("repair")
    assert res.code == 0, res.stderr + res.stdout
    assert "exceeded the time limit of 1 s" in repair[0].user_text
    tle = {d["test"] for d in report["disagreements"] if d["kind"] == "TLE"}
    assert {"generated/large-1", "generated/large-2"} <= tle
    assert report["solution"] == "c2"
    assert (tmp_path / "solution.py").read_text().strip() == RIGHT.strip()


def test_unusable_replies_are_asked_again_then_counted(statement: Path, tmp_path: Path) -> None:
    drafts = [
        "I would loop over the numbers and add them up.",  # no code
        Reply("```python\nimport sys\nprint(sum(map(int, sys.stdin.read(", "length"),  # cut
        "<think>\nThe sum is easy; I will just add the numbers",  # reasoning only
        code(RIGHT),
    ]
    with ScriptedModel(script(draft=drafts)) as model:
        res, report = solve(model, statement, tmp_path)
        asked = model.stage_requests("draft")
    assert res.code == 0, res.stderr + res.stdout
    assert len(asked) == 4
    # The second request repeats the conversation and asks again.
    assert asked[1].body["messages"][-1]["content"].startswith("Your reply had no complete")
    whats = [e["what"] for e in report["events"] if e["stage"] == "draft"]
    assert "unusable reply (no usable block), asking again" in whats
    assert "unusable reply (truncated reply)" in whats
    assert "unusable reply (reasoning only, no answer), asking again" in whats
    assert report["failed_attempts"] == 1
    assert [r["action"] for r in report["rounds"]] == ["", "draft again"]


def test_rate_limit_then_success(statement: Path, tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[Status(429, "slow down"), code(RIGHT)])) as model:
        res, report = solve(model, statement, tmp_path)
        asked = model.stage_requests("draft")
    assert res.code == 0, res.stderr + res.stdout
    assert len(asked) == 2  # the client retried after the 429
    assert report["usage"]["draft"]["failures"] == 0


def test_server_errors_until_the_budget_is_gone(statement: Path, tmp_path: Path) -> None:
    failing = {
        stage: [Status(500)]
        for stage in ("draft", "tests", "generator", "validator", "brute", "repair")
    }
    with ScriptedModel(script(**failing, predict=lambda _b: Status(500))) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "3")
        drafts = model.stage_requests("draft")
    assert res.code == 1
    assert res.stdout.startswith("unverified: 3 rounds spent")
    assert len(drafts) == 6  # each round drafts again: one request and one retry
    assert "(no candidate)" in res.stdout
    assert not (tmp_path / "solution.py").exists()
    assert report["candidates"] == []
    assert report["usage"]["draft"] == {
        "requests": 3,
        "failures": 3,
        "cached": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "seconds": report["usage"]["draft"]["seconds"],
    }
    assert [r["action"] for r in report["rounds"]] == ["", "draft again", "draft again"]
    assert any("answered 500" in e["what"] for e in report["events"])
    assert "Traceback" not in res.stderr


def test_hanging_endpoint_times_out(statement: Path, tmp_path: Path) -> None:
    with ScriptedModel(script(draft=[Hang(30)])) as model:
        res = run_cli(
            "solve",
            statement,
            "--base-url",
            model.base_url,
            "--model",
            "scripted-model",
            "--timeout",
            "1",
            "--retries",
            "0",
            "--rounds",
            "2",
            "-o",
            tmp_path / "s.py",
            "--report",
            tmp_path / "r.json",
            timeout=120,
        )
    assert res.code == 1, res.stderr + res.stdout
    report = json.loads((tmp_path / "r.json").read_text())
    assert any("did not answer within 1 s" in e["what"] for e in report["events"])
    assert report["usage"]["draft"]["failures"] == 2  # one per round


def test_budget_exhausted_returns_best_candidate_unverified(
    statement: Path, tmp_path: Path
) -> None:
    with ScriptedModel(
        script(draft=[code(POSITIVES_ONLY)], repair=[code(POSITIVES_ONLY)])
    ) as model:
        res, report = solve(model, statement, tmp_path, "--rounds", "2")
    assert res.code == 1
    assert res.stdout.startswith("unverified: 2 rounds spent")
    assert report["verified"] is False
    assert (tmp_path / "solution.py").read_text().strip() == POSITIVES_ONLY.strip()
    assert report["score"]["failures"] > 0


def test_unreachable_endpoint_and_unknown_model(statement: Path, tmp_path: Path) -> None:
    res = run_cli(
        "solve",
        statement,
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--retries",
        "0",
        "-o",
        tmp_path / "s.py",
        "--report",
        tmp_path / "r.json",
    )
    assert res.code == 3
    assert res.stderr.strip().splitlines() == [
        "error: cannot reach the model endpoint http://127.0.0.1:9/v1: "
        "[Errno 111] Connection refused"
    ]
    with ScriptedModel(script()) as model:
        res = run_cli(
            "solve",
            statement,
            "--base-url",
            model.base_url,
            "--model",
            "nope",
            "-o",
            tmp_path / "s.py",
            "--report",
            tmp_path / "r.json",
        )
    assert res.code == 3
    assert "model 'nope' is not served at" in res.stderr
    assert "scripted-model" in res.stderr


def test_bad_problem_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("# Nothing\nNo samples here.\n")
    res = run_cli("solve", tmp_path / "empty.md", "--base-url", "http://127.0.0.1:9/v1")
    assert res.code == 2
    assert "no samples found" in res.stderr
    res = run_cli("solve", tmp_path / "missing", "--base-url", "http://127.0.0.1:9/v1")
    assert res.code == 2
    # A package's statement goes to the model whole: one of 5 MiB is bad input, read no
    # further than the bound (not a judge holding whatever size a package has).
    big = tmp_path / "big"
    shutil.copytree(PROBLEMS / "add-two", big)
    (big / "problem_statement" / "problem.en.md").write_text("# Add\n" + "x" * (5 << 20))
    res = run_cli("solve", big, "--base-url", "http://127.0.0.1:9/v1")
    assert res.code == 2
    assert "problem.en.md: larger than 4 MiB, too large to give the model" in res.stderr


def test_package_with_final_judge_never_reads_secret(tmp_path: Path) -> None:
    add = PROBLEMS / "add-two"
    secret = {p.read_text() for p in (add / "data" / "secret").glob("*.in")}
    adder = "a, b = map(int, input().split())\nprint(a + b)\n"

    def predict_sum(body: dict[str, Any]) -> str:
        return output(str(sum(map(int, asked_input(body).split()))))

    gen = """
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    bound = 10 if size != "large" else 10**18
    return f"{draw(st.integers(-bound, bound))} {draw(st.integers(-bound, bound))}\\n"
"""
    with ScriptedModel(
        script(
            draft=[code(adder)],
            tests=[input_blocks("0 0\n")],
            generator=[code(gen)],
            validator=[code("import sys\n")],
            brute=[code(adder)],
            predict=predict_sum,
        )
    ) as model:
        res, report = solve(model, add, tmp_path, "--final-judge")
        asked = " ".join(json.dumps(r.body) for r in model.requests)
    assert res.code == 0, res.stderr + res.stdout
    assert report["final_judge"]["verdict"] == "AC"
    assert "final judge on data/secret: AC" in res.stdout
    assert all(t["origin"] != "secret" for t in report["tests"])
    # The package's input validator filtered the model's inputs; no secret input leaked. Only
    # the secret inputs the loop cannot make itself count: values at their stated extremes and
    # their neighbours ("2147483647 1", "1000000000000000000 -1000000000000000000"), which the
    # loop derives from the statement's bounds for tests and stress, are no leak.
    text = next((add / "problem_statement").glob("problem*.md")).read_text()
    extremes = set(extreme_values(statement_bounds(text), text))
    unguessable = [
        s.strip()
        for s in secret
        if all(abs(int(x)) > 10**6 and int(x) not in extremes for x in s.split())
    ]
    assert len(unguessable) >= 4  # 10.in to 14.in: random 18-digit numbers
    assert not any(s in asked for s in unguessable)


def test_cwm_gets_its_reasoning_mode(statement: Path, tmp_path: Path) -> None:
    # After the `<think>` prefill the model continues its reasoning, closes it, then answers.
    # Every stage's reply closes the reasoning: without a generator no input reaches the
    # maximum sizes and nothing could be verified.
    def closing(action: Any) -> Any:
        if callable(action):
            return lambda body: "Reasoned.\n</think>\n" + action(body)
        return ["Reasoned.\n</think>\n" + a for a in action]

    draft = "The numbers just need adding.\n</think>\n" + code(RIGHT)
    stages = {k: closing(v) for k, v in script().items()}
    stages["draft"] = [draft]
    with ScriptedModel(stages, models=("facebook/cwm",)) as model:
        res = run_cli(
            "solve",
            statement,
            "--base-url",
            model.base_url,
            "--model",
            "facebook/cwm",
            "-o",
            tmp_path / "s.py",
            "--report",
            tmp_path / "r.json",
            "--stress-seconds",
            "2",
        )
        body = model.stage_requests("draft")[0].body
    assert res.code == 0, res.stderr + res.stdout
    system = body["messages"][0]
    assert system["role"] == "system"
    assert system["content"].startswith(
        "You are a helpful AI assistant. You always reason "
        "before responding, using the following format:\n\n"
        "<think>\nyour internal reasoning\n</think>\n"
        "your external response"
    )
    assert body["messages"][-1] == {"role": "assistant", "content": "<think>\n"}
    assert body["continue_final_message"] is True
    assert body["add_generation_prompt"] is False
    assert (
        "Write a Python solution for the following competitive programming question"
        in body["messages"][1]["content"]
    )


def test_interrupt_keeps_what_was_found(statement: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    with ScriptedModel(script(tests=[Hang(60)])) as model:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "solver",
                "solve",
                str(statement),
                "--base-url",
                model.base_url,
                "--model",
                "scripted-model",
                "--timeout",
                "120",
                "-o",
                str(tmp_path / "s.py"),
                "--report",
                str(tmp_path / "r.json"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
            preexec_fn=default_sigint,
        )
        deadline = time.monotonic() + 60
        while not model.stage_requests("tests") and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    assert "unverified: interrupted" in stdout
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "error: interrupted; partial report in" in stderr
    assert stderr.count("interrupted") == 1, stderr  # said once, by the command
    assert (tmp_path / "s.py").read_text().strip() == RIGHT.strip()  # the draft is kept
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["verified"] is False and report["stop_reason"] == "interrupted"
    assert [c["origin"] for c in report["candidates"]] == ["draft"]
