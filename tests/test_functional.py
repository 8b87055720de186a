"""Functional (LeetCode-style) problems: a `class Solution` method judged on JSON arguments and
return values, in the sandbox with the problem's limits, and solved end to end by the loop."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from sandbox.checkers import OutputFlags
from sandbox.functional import ValueChecker, wrap
from sandbox.judge import judge
from sandbox.package import load_problem
from sandbox.verdict import Verdict
from solver.task import load_task
from tests.conftest import run_cli, write_files
from tests.scripted_model import ScriptedModel, code, input_blocks, output

STARTER = "class Solution:\n    def topSum(self, nums: List[int], k: int) -> int:\n        \n"
PACKAGE = {
    "problem.yaml": "name: Top Sum\nlimits:\n  time_limit: 2\n  memory: 256\n",
    "statement/problem.en.md": "# Top Sum\n\nGiven an array `nums` of at most 1000 integers "
    "(each at most 10^6 in absolute value) and an integer k "
    "(1 <= k <= len(nums)), return the sum of the k largest.\n",
    "functional.yaml": "method: topSum\n",
    "starter.py": STARTER,
    "data/sample/1.in": "[1, 5, 2]\n2\n",
    "data/sample/1.ans": "7\n",
    "data/secret/1.in": "[4, 4, 4]\n3\n",
    "data/secret/1.ans": "12\n",
    "data/secret/2.in": "[-1, -2, -3]\n1\n",
    "data/secret/2.ans": "-1\n",
}
RIGHT = """
class Solution:
    def topSum(self, nums: List[int], k: int) -> int:
        print("debugging output does not count")
        return sum(heapq.nlargest(k, nums))
"""
WRONG = """
class Solution:
    def topSum(self, nums, k):
        return sum(sorted(nums)[:k])
"""
BRUTE = """
class Solution:
    def topSum(self, nums, k):
        # Take the largest remaining element k times: slow, obviously right, and fast enough
        # for the largest inputs too (1000 x 1000 steps), so it is an oracle there as well.
        left = list(nums)
        total = 0
        for _ in range(k):
            best = max(left)
            left.remove(best)
            total += best
        return total
"""


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return write_files(tmp_path / "top-sum", dict(PACKAGE))


def judged(package: Path, tmp_path: Path, source: str, name: str = "sol.py") -> Any:
    path = tmp_path / name
    path.write_text(source)
    return judge(load_problem(package), path)


EXACT = OutputFlags()


def check(output: str, answer: str, flags: OutputFlags = EXACT) -> tuple[str, str]:
    tmp = Path(tempfile.mkdtemp())
    (tmp / "a.ans").write_text(answer)
    res = ValueChecker(flags).check(tmp / "x.in", tmp / "a.ans", output.encode())
    return res.verdict.value, res.message


def test_values_are_compared_as_values() -> None:
    assert check("[1,2, 3]\n", "[1, 2, 3]")[0] == "AC"
    assert check("1.0", "1")[0] == "AC"
    assert check('{"b": [true], "a": null}', '{"a": null, "b": [true]}')[0] == "AC"
    assert check('"abc"', '"ABC"') == ("WA", "expected ABC, got abc")
    assert check("1", "true")[0] == "WA"  # a bool is not a number
    assert check("[1, 2]", "[1, 2, 3]")[1] == "expected a list of 3, got 2 elements"
    assert check("[[1, 2], [3, 5]]", "[[1, 2], [3, 4]]")[1] == "expected 4 at [1][1], got 5"
    # A Python literal means the same value (a model's prediction, a stdin brute force).
    assert check("True", "true")[0] == "AC"
    assert check("(1, 'a', None)", '[1, "a", null]')[0] == "AC"
    assert check("{1, 2}", "[1, 2]") == ("WA", "output is not a JSON value: {1, 2}")
    assert check("hello world", '"hello world"')[0] == "WA"
    assert check("[{1}]", "[[1]]")[0] == "WA"
    assert check("", "0")[0] == "WA"


def test_float_tolerance_only_when_the_problem_says() -> None:
    assert check("0.3333333", "0.333333333")[0] == "WA"
    tol = OutputFlags.parse(["float_tolerance", "1e-6"])
    assert check("0.3333333", "0.333333333", tol)[0] == "AC"
    assert check("[0.5, 2.0000001]", "[0.5, 2]", tol)[0] == "AC"
    assert check("0.34", "0.333333333", tol)[0] == "WA"


def test_judge_accepts_and_rejects(package: Path, tmp_path: Path) -> None:
    assert judged(package, tmp_path, RIGHT).verdict is Verdict.AC
    wrong = judged(package, tmp_path, WRONG)
    assert wrong.verdict is Verdict.WA and wrong.first_failure.name == "sample/1"


def test_runtime_error_names_the_solution_line(package: Path, tmp_path: Path) -> None:
    res = judged(
        package,
        tmp_path,
        "class Solution:\n    def topSum(self, nums, k):\n        return nums[k + 100]\n",
    )
    assert res.verdict is Verdict.RTE and "IndexError" in res.tests[0].message


def test_syntax_error_is_a_compile_error_with_its_own_line(package: Path, tmp_path: Path) -> None:
    res = judged(
        package, tmp_path, "class Solution:\n    def topSum(self, nums, k)\n        return 0\n"
    )
    assert res.verdict is Verdict.CE and "line 2" in res.message


def test_missing_method_and_unserialisable_result(package: Path, tmp_path: Path) -> None:
    res = judged(
        package, tmp_path, "class Solution:\n    def other(self, a, b):\n        return 0\n"
    )
    assert res.verdict is Verdict.RTE and "no method topSum" in res.tests[0].message
    res = judged(
        package, tmp_path, "class Solution:\n    def topSum(self, a, b):\n        return {1, 2}\n"
    )
    assert res.verdict is Verdict.RTE and "not a JSON value" in res.tests[0].message


def test_same_limits_as_any_program(package: Path, tmp_path: Path) -> None:
    res = judged(
        package,
        tmp_path,
        "class Solution:\n    def topSum(self, a, b):\n        while True:\n            pass\n",
    )
    assert res.verdict is Verdict.TLE
    res = judged(
        package,
        tmp_path,
        "class Solution:\n    def topSum(self, a, b):\n"
        "        x = bytearray(1 << 30)\n        return len(x)\n",
    )
    assert res.verdict is Verdict.MLE


def test_solution_cannot_forge_the_answer_line(package: Path, tmp_path: Path) -> None:
    # Writing the expected value to stdout itself does not help: the solution's stdout is
    # diverted, and only the harness prints the return value.
    forged = (
        "import sys\nclass Solution:\n    def topSum(self, a, b):\n"
        "        sys.stdout.write('7\\n')\n        sys.stdout.flush()\n        return 0\n"
    )
    assert judged(package, tmp_path, forged).verdict is Verdict.WA


def test_verify_keeps_the_folders_promises(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "submissions/accepted/right.py": RIGHT,
        "submissions/wrong_answer/wrong.py": WRONG,
    }
    res = run_cli("verify", write_files(tmp_path / "pkg", files))
    assert res.code == 0, res.stdout + res.stderr
    assert re.search(r"wrong_answer/wrong.py\s+wrong_answer\s+WA", res.stdout)


def test_other_languages_are_refused(package: Path, tmp_path: Path) -> None:
    path = tmp_path / "sol.cpp"
    path.write_text("int main() {}\n")
    res = run_cli("judge", package, path)
    assert res.code == 2 and "takes a Python 3 class Solution" in res.stderr


def test_wrapping_keeps_unparsable_code_as_is() -> None:
    assert wrap("def (:\n", "f") == "def (:\n"
    assert "_METHOD = 'f'" in wrap("class Solution: pass\n", "f")


def test_task_shows_the_starter_code(package: Path) -> None:
    task = load_task(package)
    assert task.functional is not None and task.functional.method == "topSum"
    assert STARTER.strip() in task.statement and "class Solution" in task.statement


# ---- the loop, end to end ----------------------------------------------------------------

GENERATOR = """
import json
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    if size == "large":  # the constraints: 1000 numbers, each at most 10^6 in absolute value
        nums = draw(st.lists(st.integers(-10**6, 10**6), min_size=1000, max_size=1000))
    else:
        n = 3 if size == "tiny" else 6
        nums = draw(st.lists(st.integers(-50, 50), min_size=1, max_size=n))
    k = draw(st.integers(1, len(nums)))
    return json.dumps(nums) + "\\n" + str(k) + "\\n"
"""
VALIDATOR = """
import json, sys
try:
    lines = sys.stdin.read().split("\\n")
    nums, k = json.loads(lines[0]), json.loads(lines[1])
    ok = (isinstance(nums, list) and type(k) is int and 1 <= k <= len(nums) <= 1000
          and all(type(x) is int and abs(x) <= 10**6 for x in nums))
except Exception:
    ok = False
sys.exit(0 if ok else 1)
"""


def predictor(body: dict[str, Any]) -> str:
    user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
    text = re.findall(r"```input\n(.*?)```", user, re.S)[-1]  # the samples come first
    lines = text.split("\n")
    nums, k = json.loads(lines[0]), json.loads(lines[1])
    return output(str(sum(sorted(nums)[-k:])))


def test_solve_end_to_end(package: Path, tmp_path: Path) -> None:
    script = {
        "draft": [code(WRONG)],
        "tests": [input_blocks("[7]\n1\n", "[-5, -5]\n2\n")],
        "generator": [code(GENERATOR)],
        "validator": [code(VALIDATOR)],
        "brute": [code(BRUTE)],
        "predict": predictor,
        "repair": [code(RIGHT)],
        "complexity": ["```complexity\nO(n log k)\n```"],
    }
    with ScriptedModel(script) as model:
        res = run_cli(
            "solve",
            package,
            "--base-url",
            model.base_url,
            "--model",
            "scripted-model",
            "--retries",
            "1",
            "-o",
            tmp_path / "solution.py",
            "--report",
            tmp_path / "report.json",
            "--final-judge",
            "--stress-seconds",
            "2",
            timeout=300,
        )
        draft_prompt = model.stage_requests("draft")[0].user_text
    report = json.loads((tmp_path / "report.json").read_text())
    assert res.code == 0, res.stderr + res.stdout
    assert STARTER.strip() in draft_prompt
    assert report["final_judge"]["verdict"] == "AC"
    assert (tmp_path / "solution.py").read_text().strip() == RIGHT.strip()
    assert len(report["rounds"]) == 2  # the wrong draft was caught and repaired
