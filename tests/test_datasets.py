"""Benchmark datasets as problem sets: LiveCodeBench and CodeContests files in their upstream
formats, written here by the tests (no download), become packages the judge takes."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import pickle
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sandbox.package import load_problem
from solver import datasets
from solver.errors import BadInput
from tests.conftest import run_cli


def compress(value: Any, protocol: int = 4) -> str:
    """LiveCodeBench's private-test encoding: base64 of zlib of a pickled JSON string."""
    return base64.b64encode(zlib.compress(pickle.dumps(value, protocol=protocol))).decode()


def cases_json(*pairs: tuple[str, str], kind: str = "stdin") -> str:
    return json.dumps([{"input": i, "output": o, "testtype": kind} for i, o in pairs])


def lcb_stdin_row(**over: Any) -> dict[str, Any]:
    row = {
        "question_title": "Sum of Three",
        "question_content": "You are given A, B and C (0 <= A, B, C <= 10^9). Print A+B+C."
        "\n\nSample Input 1\n\n1 2 3\n\nSample Output 1\n\n6",
        "platform": "atcoder",
        "question_id": "abc301_a",
        "contest_id": "abc301",
        "contest_date": "2023-05-13T00:00:00",
        "starter_code": "",
        "difficulty": "easy",
        "public_test_cases": cases_json(("1 2 3\n", "6\n")),
        "private_test_cases": compress(cases_json(("10 20 30\n", "60\n"), ("0 0 0\n", "0\n"))),
        "metadata": "{}",
    }
    row.update(over)
    return row


def lcb_functional_row(**over: Any) -> dict[str, Any]:
    row = {
        "question_title": "maximum-pair-sum",
        "question_content": "Given an array nums and an integer k, return the sum of the k "
        "largest elements (1 <= k <= nums.length <= 1000, -10^6 <= nums[i] "
        "<= 10^6).\n\nExample 1:\nInput: nums = [1,5,2], k = 2\n"
        "Output: 7",
        "platform": "leetcode",
        "question_id": "2999",
        "contest_id": "weekly-contest-380",
        "contest_date": "2024-01-14T00:00:00",
        "starter_code": "class Solution:\n    def topSum(self, nums: List[int], k: int) -> "
        "int:\n        ",
        "difficulty": "medium",
        "public_test_cases": cases_json(("[1, 5, 2]\n2", "7"), kind="functional"),
        "private_test_cases": compress(
            cases_json(("[4, 4, 4]\n3", "12"), ("[-1, -2]\n1", "-1"), kind="functional")
        ),
        "metadata": json.dumps({"func_name": "topSum"}),
    }
    row.update(over)
    return row


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_livecodebench_stdin_and_functional(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "test.jsonl", [lcb_stdin_row(), lcb_functional_row()])
    stdin, functional = datasets.load(f"livecodebench:{path}")
    assert stdin.public == [("1 2 3\n", "6\n")]
    assert stdin.private == [("10 20 30\n", "60\n"), ("0 0 0\n", "0\n")]
    assert (stdin.difficulty, stdin.date, stdin.method) == ("easy", dt.datetime(2023, 5, 13), None)
    assert functional.method == "topSum" and functional.difficulty == "medium"
    assert functional.starter_code.startswith("class Solution:")
    assert functional.private == [("[4, 4, 4]\n3", "12"), ("[-1, -2]\n1", "-1")]

    root = tmp_path / "packages"
    root.mkdir()
    pkg = load_problem(datasets.write_package(stdin, root))
    assert [t.input.read_text() for t in pkg.tests("sample")] == ["1 2 3\n"]
    assert [t.answer.read_text() for t in pkg.tests("secret")] == ["60\n", "0\n"]
    assert pkg.time.time_limit == datasets.LCB_TIME_LIMIT_S
    meta = datasets.read_meta(pkg.root)
    assert meta["difficulty"] == "easy" and meta["contest_date"] == "2023-05-13"
    fpkg = datasets.write_package(functional, root)
    assert yaml.safe_load((fpkg / "functional.yaml").read_text()) == {"method": "topSum"}
    assert (fpkg / "starter.py").read_text() == functional.starter_code


def test_private_tests_as_plain_json_and_every_pickle_protocol(tmp_path: Path) -> None:
    rows = [lcb_stdin_row(question_id="p0", private_test_cases=cases_json(("5 5 5\n", "15\n")))]
    rows += [
        lcb_stdin_row(
            question_id=f"p{proto}",
            private_test_cases=compress(cases_json(("5 5 5\n", "15\n")), proto),
        )
        for proto in range(pickle.HIGHEST_PROTOCOL + 1)
    ]
    rows.append(
        lcb_stdin_row(
            question_id="bytes",
            private_test_cases=compress(cases_json(("5 5 5\n", "15\n")).encode()),
        )
    )
    loaded = datasets.load(f"lcb:{write_jsonl(tmp_path / 'rows.jsonl', rows)}")
    assert all(p.private == [("5 5 5\n", "15\n")] for p in loaded)


class Boom:
    """Unpickling this would run os.system: the loader must never get that far."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, ("touch PWNED",))


@pytest.mark.parametrize(
    "payload",
    [
        Boom(),
        [cases_json(("1\n", "1\n"))],  # a list is not a plain string either
        {"input": "1"},
    ],
)
def test_hostile_or_odd_pickles_are_refused(tmp_path: Path, payload: Any) -> None:
    path = write_jsonl(
        tmp_path / "evil.jsonl", [lcb_stdin_row(private_test_cases=compress(payload))]
    )
    with pytest.raises(BadInput, match="refused"):
        datasets.load(f"livecodebench:{path}")
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_restricted_unpickler_refuses_globals_even_without_the_opcode_screen() -> None:
    data = pickle.dumps(Boom())
    with pytest.raises(pickle.UnpicklingError, match="refused"):
        datasets._StringsOnly(__import__("io").BytesIO(data)).load()


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datasets, "MAX_DECOMPRESSED", 1 << 16)
    blob = compress("[" + " " * (1 << 20) + "]")
    path = write_jsonl(tmp_path / "bomb.jsonl", [lcb_stdin_row(private_test_cases=blob)])
    with pytest.raises(BadInput, match="expand beyond"):
        datasets.load(f"lcb:{path}")


def test_date_window(tmp_path: Path) -> None:
    rows = [
        lcb_stdin_row(question_id=f"q{m}", contest_date=f"2024-{m:02}-15T00:00:00")
        for m in range(1, 13)
    ]
    path = write_jsonl(tmp_path / "dates.jsonl", rows)
    picked = datasets.load(f"lcb:{path}", since=dt.date(2024, 3, 15), until=dt.date(2024, 5, 31))
    assert [p.meta["id"] for p in picked] == ["q3", "q4", "q5"]
    with pytest.raises(BadInput, match="no problems in 2025-01-01"):
        datasets.load(f"lcb:{path}", since=dt.date(2025, 1, 1))


def test_folder_of_files_json_array_and_gzip(tmp_path: Path) -> None:
    folder = tmp_path / "lcb"
    folder.mkdir()
    write_jsonl(folder / "test.jsonl", [lcb_stdin_row(question_id="a")])
    (folder / "test2.json").write_text(json.dumps([lcb_stdin_row(question_id="b")]))
    with gzip.open(folder / "test3.jsonl.gz", "wt") as f:
        f.write(json.dumps(lcb_stdin_row(question_id="c")) + "\n")
    assert [p.meta["id"] for p in datasets.load(f"lcb:{folder}")] == ["a", "b", "c"]


def cc_row(**over: Any) -> dict[str, Any]:
    # As the Hugging Face `datasets` JSON export writes deepmind/code_contests rows.
    row = {
        "name": "1548_A. Web of Lies",
        "description": "Print the sum of two numbers.\n\n"
        "Input\n\nTwo integers a and b.\n\nOutput\n\nTheir sum.",
        "public_tests": {"input": ["1 2\n"], "output": ["3\n"]},
        "private_tests": {"input": ["5 5\n", "0 0\n"], "output": ["10\n", "0\n"]},
        "generated_tests": {"input": ["7 -7\n"], "output": ["0\n"]},
        "source": 2,
        "difficulty": 7,
        "solutions": {"language": [3], "solution": ["print(sum(map(int, input().split())))"]},
        "incorrect_solutions": {"language": [], "solution": []},
        "cf_contest_id": 1548,
        "cf_index": "A",
        "cf_points": 500.0,
        "cf_rating": 1100,
        "cf_tags": ["math"],
        "is_description_translated": False,
        "untranslated_description": "",
        "time_limit": {"seconds": 2, "nanos": 500000000},
        "memory_limit_bytes": 268435456,
        "input_file": "",
        "output_file": "",
    }
    row.update(over)
    return row


def test_codecontests(tmp_path: Path) -> None:
    rows = [
        cc_row(),
        cc_row(
            name="p2",
            cf_rating=0,
            difficulty=3,
            time_limit=None,
            memory_limit_bytes=0,
            generated_tests={"input": [], "output": []},
        ),
    ]
    first, second = datasets.load(f"codecontests:{write_jsonl(tmp_path / 'cc.jsonl', rows)}")
    assert first.key == "1548_a.-web-of-lies"
    assert first.public == [("1 2\n", "3\n")]
    assert first.private == [("5 5\n", "10\n"), ("0 0\n", "0\n"), ("7 -7\n", "0\n")]
    assert (first.time_limit_s, first.memory_mib, first.difficulty) == (2.5, 256, "easy")
    assert first.meta["difficulty_label"] == "A"
    assert (second.time_limit_s, second.memory_mib, second.difficulty) == (None, None, "hard")
    pkg = load_problem(datasets.write_package(first, tmp_path))
    assert len(pkg.tests("secret")) == 3 and pkg.memory_mib == 256


@pytest.mark.parametrize(
    "spec,message",
    [
        ("nope:x.jsonl", "expected FORMAT:PATH"),
        ("lcb", "expected FORMAT:PATH"),
        ("lcb:/no/such/file.jsonl", "no such dataset"),
    ],
)
def test_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        datasets.load(spec)


@pytest.mark.parametrize(
    "over",
    [
        {"question_content": None},
        {"metadata": "{oops"},
        {"public_test_cases": 5},
        {"public_test_cases": json.dumps([{"input": 1, "output": 2}])},
        {"contest_date": "yesterday"},
        {"private_test_cases": "!!not base64!!"},
    ],
)
def test_malformed_rows_are_one_line_errors(tmp_path: Path, over: dict[str, Any]) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [lcb_stdin_row(**over)])
    with pytest.raises(BadInput, match=r"bad.jsonl:1: "):
        datasets.load(f"lcb:{path}")
    cc = write_jsonl(tmp_path / "cc.jsonl", [cc_row(time_limit={"seconds": "two"})])
    with pytest.raises(BadInput, match=r"cc.jsonl:1: unexpected codecontests row"):
        datasets.load(f"codecontests:{cc}")


def test_wrong_format_is_named(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "cc.jsonl", [cc_row()])
    with pytest.raises(BadInput, match="is this LiveCodeBench"):
        datasets.load(f"lcb:{path}")
    junk = tmp_path / "junk.jsonl"
    junk.write_text(json.dumps(lcb_stdin_row()) + "\n\n" + '{"question_id": "x", oops}\n')
    # The line in the file, not json's "line 1 column 27" of the line alone; the path as given.
    with pytest.raises(BadInput, match=rf"^{re.escape(str(junk))}:3: not JSON: .*\(column 22\)$"):
        datasets.load(f"lcb:{junk}")


def test_written_packages_judge_as_upstream_would(tmp_path: Path) -> None:
    """The stdin problem and the functional one, judged by `solver judge` on their hidden
    tests: right solutions pass, wrong ones fail."""
    path = write_jsonl(tmp_path / "t.jsonl", [lcb_stdin_row(), lcb_functional_row()])
    root = tmp_path / "pk"
    root.mkdir()
    stdin_pkg, func_pkg = (datasets.write_package(p, root) for p in datasets.load(f"lcb:{path}"))
    right = tmp_path / "right.py"
    right.write_text("print(sum(map(int, input().split())))\n")
    func_right = tmp_path / "func.py"
    func_right.write_text(
        "class Solution:\n    def topSum(self, nums: List[int], k: int) -> "
        "int:\n        return sum(sorted(nums)[-k:])\n"
    )
    func_wrong = tmp_path / "func_wrong.py"
    func_wrong.write_text(
        "class Solution:\n    def topSum(self, nums, k):\n        return sum(sorted(nums)[:k])\n"
    )
    assert run_cli("judge", stdin_pkg, right, "--json").json()["verdict"] == "AC"
    assert run_cli("judge", func_pkg, func_right, "--json").json()["verdict"] == "AC"
    res = run_cli("judge", func_pkg, func_wrong, "--data", "secret", "--json")
    assert res.code == 1 and res.json()["verdict"] == "WA"
    assert res.json()["first_failure"] == "secret/002"
    assert res.json()["tests"][-1]["message"] == "expected -1, got -2"


# ---- a batch over a dataset, with its scores -----------------------------------------------


@dataclass(frozen=True)
class Belief:
    """What the scripted model believes about one problem: its solution, and the oracles it
    builds from its reading of the statement (generator, validator, brute force, predictions,
    edge cases, stated complexity). Where its belief is wrong, every oracle shares the error:
    a false verification that only the hidden tests can catch."""

    answer: str
    generator: str
    validator: str
    brute: str
    predict: Callable[[str], str]
    edge: tuple[str, ...]
    complexity: str


THREE_GENERATOR = """
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    # The constraints: 0 <= A, B, C <= 10^9; "large" is the largest values.
    low, high = {"tiny": (0, 9), "small": (0, 999), "large": (9 * 10**8, 10**9)}[size]
    return " ".join(str(draw(st.integers(low, high))) for _ in range(3)) + "\\n"
"""
THREE_VALIDATOR = """
import re, sys
m = re.fullmatch(r"([0-9]+) ([0-9]+) ([0-9]+)\\n?", sys.stdin.read())
sys.exit(0 if m and all(int(v) <= 10**9 for v in m.groups()) else 1)
"""
TOP_GENERATOR = """
import json
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    # The constraints: 1 <= k <= len(nums) <= 1000, |nums[i]| <= 10^6; "large" has 1000.
    if size == "large":
        nums = draw(st.lists(st.integers(-10**6, 10**6), min_size=1000, max_size=1000,
                             unique=True))
    else:
        most = 3 if size == "tiny" else 8
        nums = draw(st.lists(st.integers(-50, 50), min_size=1, max_size=most, unique=True))
    return json.dumps(nums) + "\\n" + str(draw(st.integers(1, len(nums)))) + "\\n"
"""
TOP_VALIDATOR = """
import json, sys
try:
    nums, k = (json.loads(line) for line in sys.stdin.read().strip().split("\\n"))
    ok = (type(k) is int and 1 <= k <= len(nums) <= 1000
          and all(type(x) is int and abs(x) <= 10**6 for x in nums))
except Exception:
    ok = False
sys.exit(0 if ok else 1)
"""
THREE_BRUTE = """
total = 0
for value in input().split():
    total += int(value)
print(total)
"""
TOP_BRUTE = """
class Solution:
    def topSum(self, nums, k):
        left, total = list(nums), 0
        for _ in range(k):  # take the largest remaining one, k times
            total += max(left)
            left.remove(max(left))
        return total
"""


def three_sum(text: str) -> str:
    return str(sum(map(int, text.split())))


def top_sum(text: str) -> str:
    nums, k = (json.loads(line) for line in text.strip().split("\n"))
    return str(sum(sorted(nums)[-k:]))


def three(answer: str, brute: str, predict: Callable[[str], str]) -> Belief:
    """A belief about an "A, B and C" statement: the same generator and validator."""
    return Belief(
        answer,
        THREE_GENERATOR,
        THREE_VALIDATOR,
        brute,
        predict,
        ("1000000000 1000000000 1000000000\n", "0 5 0\n"),
        "O(1)",
    )


BELIEFS = {
    "Sum of Three": three("print(sum(map(int, input().split())))", THREE_BRUTE, three_sum),
    "maximum-pair-sum": Belief(
        "class Solution:\n    def topSum(self, nums, k):\n        return sum(sorted(nums)[-k:])",
        TOP_GENERATOR,
        TOP_VALIDATOR,
        TOP_BRUTE,
        top_sum,
        ("[7]\n1\n", "[-5, -3]\n2\n"),
        "O(n log n)",
    ),
    # Right on the sample only, and the model believes it everywhere: a false verification.
    "Looks Right": three("print(6)", "input()\nprint(6)", lambda _text: "6"),
    # Wrong on the sample: never verified, however good its oracles.
    "Plain Wrong": three("print(0)", THREE_BRUTE, three_sum),
}


def belief(body: dict[str, Any]) -> Belief:
    text = json.dumps(body["messages"])
    return next(b for title, b in BELIEFS.items() if json.dumps(f"# {title}\n")[1:-1] in text)


def block(tag: str, text: str) -> str:
    return f"```{tag}\n{text.strip()}\n```\n"


def predict(body: dict[str, Any]) -> str:
    user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
    asked = re.findall(r"```input\n(.*?)```", user, re.S)[-1]  # the samples come first
    return block("output", belief(body).predict(asked))


def dataset_model() -> dict[str, Callable[[dict[str, Any]], str]]:
    """The script: every stage answers from the belief about the problem it is shown."""
    return {
        "draft": lambda b: block("python", belief(b).answer),
        "repair": lambda b: block("python", belief(b).answer),
        "tests": lambda b: "".join(block("input", e) for e in belief(b).edge),
        "generator": lambda b: block("python", belief(b).generator),
        "validator": lambda b: block("python", belief(b).validator),
        "brute": lambda b: block("python", belief(b).brute),
        "predict": predict,
        "complexity": lambda b: block("complexity", belief(b).complexity),
    }


def test_batch_over_a_dataset_reports_leaderboard_scores(tmp_path: Path) -> None:
    from tests.scripted_model import ScriptedModel

    rows = [
        lcb_stdin_row(),
        lcb_functional_row(),
        lcb_stdin_row(
            question_id="abc302_f",
            question_title="Looks Right",
            difficulty="hard",
            contest_date="2023-05-20T00:00:00",
        ),
        lcb_stdin_row(
            question_id="abc303_g",
            question_title="Plain Wrong",
            difficulty="hard",
            contest_date="2023-05-27T00:00:00",
        ),
        lcb_stdin_row(
            question_id="abc200_a", question_title="Too Old", contest_date="2021-05-15T00:00:00"
        ),
    ]
    path = write_jsonl(tmp_path / "lcb.jsonl", rows)
    out = tmp_path / "out"
    with ScriptedModel(dataset_model()) as model:  # type: ignore[arg-type]
        res = run_cli(
            "batch",
            "--dataset",
            f"livecodebench:{path}",
            "--since",
            "2023-05-01",
            "--until",
            "2024-12-31",
            "--out",
            out,
            "--summary",
            tmp_path / "s.md",
            "--base-url",
            model.base_url,
            "--model",
            "scripted-model",
            "--retries",
            "1",
            "--rounds",
            "2",
            "-j",
            "2",
            env={"XDG_CACHE_HOME": str(tmp_path / "cache")},
            timeout=600,
        )
    assert res.code == 1, res.stderr  # not every problem verified
    records = {
        r["problem"]: r for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())
    }
    assert sorted(records) == [
        "atcoder-abc301_a",
        "atcoder-abc302_f",
        "atcoder-abc303_g",
        "leetcode-2999",
    ]
    assert records["atcoder-abc302_f"]["verified"]
    assert records["atcoder-abc302_f"]["final_verdict"] == "WA"
    assert not (out / "problems" / "atcoder-abc200_a").exists()
    assert (
        "pass@1 on hidden tests: 50.0 (2/4); easy 100.0 (1/1), medium 100.0 (1/1), "
        "hard 0.0 (0/2)" in res.stdout
    )
    summary = (tmp_path / "s.md").read_text()
    assert "| Model | Pass@1 | Easy-Pass@1 | Medium-Pass@1 | Hard-Pass@1 |" in summary
    assert "| scripted-model | 50.0 (2/4) | 100.0 (1/1) | 100.0 (1/1) | 0.0 (0/2) |" in summary
    assert "| verified | 3 | 66.7 (2/3) |" in summary
    assert "| unverified or error | 1 | 0.0 (0/1) |" in summary
    assert (
        "false verification rate (verified, yet rejected by the hidden tests, over "
        "verified): 33.3%" in summary
    )
    assert json.loads((tmp_path / "s.json").read_text()) == {
        "version": 1,
        "model": "scripted-model",
        "pass_at_1": {"passed": 2, "total": 4, "pass_at_1": 50.0},
        "by_difficulty": {
            "easy": {"passed": 1, "total": 1, "pass_at_1": 100.0},
            "medium": {"passed": 1, "total": 1, "pass_at_1": 100.0},
            "hard": {"passed": 0, "total": 2, "pass_at_1": 0.0},
        },
        "verified": {"passed": 2, "total": 3, "pass_at_1": pytest.approx(200 / 3)},
        "unverified": {"passed": 0, "total": 1, "pass_at_1": 0.0},
        "false_verification_rate": pytest.approx(100 / 3),
        "not_judged": 0,
        "several_answers": {"passed": 0, "total": 0, "pass_at_1": None},
        "tests_counted": {"sample+secret": 4},
        "gradings": {"livecodebench": 4},
    }
    # The summary says which tests were counted and whose rules graded them, departures too.
    counted = "tests counted: 4 on the public and hidden tests (data/sample + data/secret)"
    assert counted in res.stdout and counted in summary
    assert "grading: livecodebench 4 (LiveCodeBench's rules except: quit() ends" in summary
    assert {r["final_tests"] for r in records.values()} == {"sample+secret"}
    png = (tmp_path / "s.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    # The loop never saw a hidden test: no prompt holds a private input.
    assert all(
        "10 20 30" not in r.user_text and "[4, 4, 4]" not in r.user_text for r in model.requests
    )


def test_no_matplotlib_no_plot_but_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from solver import scores

    pkg = datasets.write_package(
        datasets.load(f"lcb:{write_jsonl(tmp_path / 'a.jsonl', [lcb_stdin_row()])}")[0], tmp_path
    )
    record = {
        "problem": pkg.name,
        "path": str(pkg),
        "verified": False,
        "final_verdict": "AC",
        "tokens": 10,
    }
    monkeypatch.setitem(__import__("sys").modules, "matplotlib", None)
    assert not scores.plot([record], tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
    assert "| m | 100.0 (1/1) | 100.0 (1/1) | - | - |" in scores.markdown([record], "m")
    assert scores.compute([record]).false_verification_rate is None


@pytest.mark.parametrize(
    "args,message",
    [
        (["--dataset", "lcb:/no/such.jsonl"], "no such dataset"),
        (["--dataset", "kaggle:x.jsonl"], "expected FORMAT:PATH"),
        (["--since", "2024-01-01"], "--since/--until select problems of a --dataset"),
        (["--dataset", "lcb:x.jsonl", "--since", "Jan 2024"], "expected a date as YYYY-MM-DD"),
        (
            ["--dataset", "lcb:x.jsonl", "--since", "2024-02-01", "--until", "2024-01-01"],
            "is after --until",
        ),
        ([], "no problems"),
    ],
)
def test_batch_option_errors_are_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    res = run_cli(
        "batch", *args, "--out", tmp_path / "o", "--base-url", "http://127.0.0.1:9/v1", cwd=tmp_path
    )
    assert res.code == 2, res.stderr
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_date_window_compares_datetimes_as_livecodebench(tmp_path: Path) -> None:
    """LiveCodeBench's filter compares datetimes: `until` 2025-02-01 is that day's midnight,
    so a contest at 19:30 that day is out; a time on the option moves the end."""
    rows = [
        lcb_stdin_row(question_id="early", contest_date="2025-02-01T00:00:00"),
        lcb_stdin_row(question_id="evening", contest_date="2025-02-01T19:30:00"),
        lcb_stdin_row(question_id="zoned", contest_date="2025-02-01T20:00:00+02:00"),
    ]
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    until = datasets.parse_date("2025-02-01", "--until")
    assert [p.meta["id"] for p in datasets.load(f"lcb:{path}", until=until)] == ["early"]
    later = datasets.parse_date("2025-02-01T19:30", "--until")
    picked = datasets.load(f"lcb:{path}", until=later)
    assert [p.meta["id"] for p in picked] == ["early", "evening", "zoned"]  # 20:00+02 is 18:00Z
    with pytest.raises(BadInput, match="expected a date as YYYY-MM-DD"):
        datasets.parse_date("Feb 2025", "--until")


def test_every_row_error_names_the_path_and_the_line_in_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "lcb"
    folder.mkdir()
    rows = [lcb_stdin_row(question_id="a"), lcb_stdin_row(question_id="b", contest_date="x")]
    # A JSON array over several lines: its second row starts on line 3 of the file.
    (folder / "rows.json").write_text("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n")
    with pytest.raises(BadInput) as info:
        datasets.load(f"lcb:{folder}")
    assert str(info.value).startswith(f"{folder / 'rows.json'}:3: contest_date 'x'")
    (folder / "rows.json").unlink()
    with gzip.open(folder / "t.jsonl.gz", "wt") as f:
        f.write(json.dumps(lcb_stdin_row()) + "\n" + json.dumps([1]) + "\n")
    with pytest.raises(BadInput) as info:
        datasets.load(f"lcb:{folder}")
    assert str(info.value) == f"{folder / 't.jsonl.gz'}:2: expected a JSON object per row"
    (folder / "t.jsonl.gz").unlink()
    (folder / "t.jsonl").write_bytes(json.dumps(lcb_stdin_row()).encode() + b"\n\xff\n")
    with pytest.raises(BadInput, match=rf"^{re.escape(str(folder / 't.jsonl'))}:2: not UTF-8"):
        datasets.load(f"lcb:{folder}")


def test_packages_say_whose_rules_grade_them(tmp_path: Path) -> None:
    lcb = write_jsonl(tmp_path / "l.jsonl", [lcb_stdin_row()])
    cc = write_jsonl(
        tmp_path / "c.jsonl",
        [
            cc_row(),
            cc_row(
                name="1500_B. Any Pair",
                description="Print two numbers with sum n. If there are multiple answers, "
                "print any of them.",
            ),
        ],
    )
    [lcb_pkg] = datasets.export(f"lcb:{lcb}", tmp_path / "out", None, None)
    plain, several = datasets.export(f"codecontests:{cc}", tmp_path / "out", None, None)
    assert load_problem(lcb_pkg).grading == "livecodebench"
    assert load_problem(plain).grading == "codecontests"
    assert datasets.read_meta(plain)["several_answers"] is False
    assert datasets.read_meta(several)["several_answers"] is True
    assert datasets.describe(lcb_pkg) == (
        f"{lcb_pkg}  livecodebench:abc301_a  easy  2023-05-13T00:00:00  livecodebench"
    )
    assert datasets.describe(several).endswith("Any Pair  easy  -  codecontests  several answers")


@pytest.mark.parametrize(
    "statement,several",
    [
        ("If there are several solutions, output any.", True),
        ("If there are multiple possible answers, you may print any of them.", True),
        ("Print any such permutation.", True),
        ("Output any valid coloring.", True),
        ("Print the number of answers modulo 998244353.", False),
        ("Print the answer. It is guaranteed that the answer is unique.", False),
    ],
)
def test_several_answers_is_read_from_the_statement(statement: str, several: bool) -> None:
    assert datasets.several_answers(statement) is several


def test_batch_list_writes_and_lists_the_packages_without_a_model(tmp_path: Path) -> None:
    rows = [
        lcb_stdin_row(),
        lcb_stdin_row(question_id="late", contest_date="2023-05-13T19:30:00"),
        lcb_functional_row(),
    ]
    path = write_jsonl(tmp_path / "l.jsonl", rows)
    out = tmp_path / "out"
    # No --base-url and no model anywhere: --list never asks one.
    res = run_cli(
        "batch", "--dataset", f"lcb:{path}", "--until", "2023-05-13", "--out", out, "--list"
    )
    assert res.code == 0, res.stderr
    assert res.stdout.splitlines() == [
        f"{out / 'problems' / 'atcoder-abc301_a'}  livecodebench:abc301_a  easy  "
        "2023-05-13T00:00:00  livecodebench"
    ]
    assert load_problem(out / "problems" / "atcoder-abc301_a").grading == "livecodebench"
    assert not (out / "results.jsonl").exists()
    (tmp_path / "l.jsonl").write_text(json.dumps(rows[0]) + "\n{oops\n")
    bad = run_cli("batch", "--dataset", f"lcb:{path}", "--out", out, "--list")
    assert bad.code == 2 and bad.stderr.strip().endswith(
        f"{path}:2: not JSON: Expecting property name enclosed in double quotes (column 2)"
    )
