"""`solver batch` over the shipped problems with a scripted model that knows every answer:
concurrency, the JSONL and JUnit schemas, hidden-test scores, a broken package, the response
cache, resume after a kill, and Ray."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from solver import batch as batch_lib
from solver.commands.batch import STRICT_EXIT, exit_code
from tests.conftest import PROBLEMS, ROOT, default_sigint, run_cli
from tests.scripted_model import Hang, ScriptedModel, solving_script

SHIPPED = sorted(p for p in PROBLEMS.iterdir() if (p / "problem.yaml").exists())
RESULT_SCHEMA = json.loads((ROOT / "docs" / "batch-result.schema.json").read_text())
JUNIT_SCHEMA = xmlschema.XMLSchema(str(ROOT / "docs" / "junit.xsd"))


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A private cache (responses, builds, derived time limits) for this module."""
    return {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}


@pytest.fixture(scope="module")
def model() -> Iterator[ScriptedModel]:
    with ScriptedModel(solving_script(SHIPPED)) as server:
        yield server


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sets") / "broken-package"
    (root / "data" / "sample").mkdir(parents=True)
    (root / "problem.yaml").write_text("name: Broken\nlimits:\n  time_limit: [1\n")
    return root


def batch(model: ScriptedModel, env: dict[str, str], *args: str | Path) -> Any:
    return run_cli(
        "batch",
        *args,
        "--base-url",
        model.base_url,
        "--model",
        "scripted-model",
        "--retries",
        "1",
        env=env,
        timeout=900,
    )


@pytest.fixture(scope="module")
def first_run(
    model: ScriptedModel,
    env: dict[str, str],
    broken: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("out")
    res = batch(
        model,
        env,
        PROBLEMS,
        broken,
        "--out",
        out,
        "-j",
        "4",
        "--junit",
        out / "junit.xml",
        "--summary",
        out / "summary.md",
    )
    return res, out


def test_at_least_ten_problems_ship() -> None:
    assert len(SHIPPED) >= 10


def test_concurrent_batch_records_every_problem(
    first_run: tuple[Any, Path], model: ScriptedModel
) -> None:
    res, out = first_run
    assert res.code == 1, res.stderr  # the broken package keeps the batch from exit 0
    records = lines(out / "results.jsonl")
    assert len(records) == len(SHIPPED) + 1
    assert len({r["path"] for r in records}) == len(records)
    by_name = {r["problem"]: r for r in records}
    for pkg in SHIPPED:
        r = by_name[pkg.name]
        assert r["status"] == "verified", r
        assert r["final_verdict"] == "AC", r  # honest: judged on data/secret afterwards
        assert Path(r["solution"]).is_file() and Path(r["report"]).is_file()
    # Problems overlapped: some finished after others had started.
    assert "[1/" in res.stdout and f"[{len(records)}/{len(records)}]" in res.stdout


def test_broken_package_is_recorded_and_the_batch_goes_on(first_run: tuple[Any, Path]) -> None:
    res, out = first_run
    broken = next(r for r in lines(out / "results.jsonl") if r["problem"] == "broken-package")
    assert broken["status"] == "error"
    assert broken["error"].startswith("broken-package: problem.yaml:")
    assert re.search(r"^broken-package +error +- ", res.stdout, re.M), res.stdout
    assert "[" in res.stdout and "broken-package: error" in res.stdout


def test_results_and_junit_match_their_schemas(first_run: tuple[Any, Path]) -> None:
    _, out = first_run
    for record in lines(out / "results.jsonl"):
        jsonschema.validate(record, RESULT_SCHEMA, format_checker=jsonschema.FormatChecker())
        assert "strength" in record  # null only where the report has none
    JUNIT_SCHEMA.validate(str(out / "junit.xml"))
    xml = (out / "junit.xml").read_text()
    assert f'tests="{len(SHIPPED) + 1}"' in xml and 'errors="1"' in xml
    assert '<error message="broken-package: problem.yaml:' in xml


def test_junit_holds_what_programs_wrote_as_valid_xml(tmp_path: Path) -> None:
    # A failure message quotes a program's stderr; XML 1.0 cannot hold most control
    # characters, and a CI server rejects the whole report for one of them.
    record = {
        "problem": "p\x01",
        "path": "p",
        "status": "verified",
        "verified": True,
        "final_verdict": "RTE",
        "final_first_failure": "secret/1",
        "final_message": "exit code 3: boom\x1b[2J\x00",
        "seconds": 1.0,
        "rounds": 1,
        "tokens": 1,
    }
    path = tmp_path / "junit.xml"
    path.write_bytes(batch_lib.junit_xml([record]))
    JUNIT_SCHEMA.validate(str(path))
    text = path.read_text()
    assert "exit code 3: boom\\x1b[2J\\x00" in text and 'name="p\\x01"' in text
    # The markdown summary: one row per problem whatever its note holds.
    record["final_first_failure"] = "a|b\r\nc\x1b"
    rows = [r for r in batch_lib.summary_markdown([record]).splitlines() if r.startswith("| p")]
    assert rows[-1].endswith("| a\\|b c\\x1b |"), rows


def test_summary_has_the_honest_figures(first_run: tuple[Any, Path]) -> None:
    res, out = first_run
    summary = (out / "summary.md").read_text()
    assert f"- judged on hidden tests: {len(SHIPPED)}; accepted {len(SHIPPED)}" in summary
    assert "- false verification (verified, but the hidden tests reject it): 0" in summary
    assert "- unverified but accepted by the hidden tests: 0" in summary
    assert "false verification" in res.stdout
    # How strong each verification was, from the reports (a loop without `strength` says so).
    records = lines(out / "results.jsonl")
    reported = sum(1 for r in records if r["strength"] is not None)
    assert f"- strength reported by {reported} of {len(records)} problems: " in summary
    assert "| strength |" in summary


def test_rerun_is_served_from_the_cache(
    first_run: tuple[Any, Path], model: ScriptedModel, env: dict[str, str], tmp_path: Path
) -> None:
    before = len([r for r in model.requests if r.path.endswith("/completions")])
    subset = SHIPPED[:3]
    res = batch(model, env, *subset, "--out", tmp_path)
    after = len([r for r in model.requests if r.path.endswith("/completions")])
    assert res.code == 0, res.stderr + res.stdout
    assert after == before  # not a single model request the second time
    records = lines(tmp_path / "results.jsonl")
    assert all(r["cached_replies"] > 0 and r["status"] == "verified" for r in records)
    # --no-cache asks again.
    res = batch(model, env, subset[0], "--out", tmp_path / "again", "--no-cache")
    assert res.code == 0
    assert len([r for r in model.requests if r.path.endswith("/completions")]) > after


def test_resume_after_a_kill(
    first_run: tuple[Any, Path], model: ScriptedModel, env: dict[str, str], tmp_path: Path
) -> None:
    subset = SHIPPED[:4]
    results = tmp_path / "results.jsonl"
    args = [
        sys.executable,
        "-m",
        "solver",
        "batch",
        *map(str, subset),
        "--out",
        str(tmp_path),
        "-j",
        "1",
        "--base-url",
        model.base_url,
        "--model",
        "scripted-model",
    ]
    proc = subprocess.Popen(
        args,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (
        not results.exists() or results.read_text().count("\n") < 1
    ):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = results.read_text()
    assert 1 <= kept.count("\n") < len(subset)
    # As if the kill had come in the middle of writing the next line.
    with open(results, "a") as f:
        f.write('{"version": 1, "problem": "torn", "pa')
    res = batch(model, env, *subset, "--out", tmp_path, "--resume", "-j", "2")
    assert res.code == 0, res.stderr + res.stdout
    assert "resuming:" in res.stderr
    final = results.read_text()
    assert final.startswith(kept)  # nothing finished before the kill was lost or redone
    records = lines(results)
    assert sorted(r["path"] for r in records) == sorted(map(str, subset))  # no duplicate


@pytest.mark.skipif(
    shutil.which("ray", path=str(Path(sys.executable).parent)) is None,
    reason="Ray is not installed (pip install '.[ray]')",
)
def test_ray_cluster(model: ScriptedModel, env: dict[str, str], tmp_path: Path) -> None:
    ray = str(Path(sys.executable).parent / "ray")
    ray_env = {**os.environ, **env, "RAY_USAGE_STATS_ENABLED": "0"}
    subprocess.run(
        [
            ray,
            "start",
            "--head",
            "--num-cpus",
            "2",
            "--include-dashboard=false",
            "--disable-usage-stats",
        ],
        env=ray_env,
        check=True,
        capture_output=True,
        timeout=180,
    )
    try:
        subset = SHIPPED[:3]
        res = batch(model, env, *subset, "--out", tmp_path, "--ray", "auto")
    finally:
        subprocess.run([ray, "stop", "--force"], env=ray_env, capture_output=True, timeout=120)
    assert res.code == 0, res.stderr + res.stdout
    records = lines(tmp_path / "results.jsonl")
    assert sorted(r["problem"] for r in records) == sorted(p.name for p in subset)
    assert all(r["status"] == "verified" and r["final_verdict"] == "AC" for r in records)


def test_honest_scores_catch_false_verification(env: dict[str, str], tmp_path: Path) -> None:
    climb, ranges = PROBLEMS / "longest-climb", PROBLEMS / "range-sums"
    # longest-climb: the model believes the non-strict answer everywhere (solution, brute force
    # and predictions), so the loop verifies a wrong solution; only the hidden tests can tell.
    # range-sums: its oracles are the wrong ones and its solution right, so it stays unverified
    # although the hidden tests accept it.
    wrong_climb = climb / "submissions" / "wrong_answer" / "bisect_right.py"
    wrong_sums = ranges / "submissions" / "wrong_answer" / "negative_index.py"
    script = solving_script(
        SHIPPED,
        answers={"longest-climb": wrong_climb},
        oracles={"longest-climb": wrong_climb, "range-sums": wrong_sums},
        edge={"range-sums": ["1 1\n5\n1 1\n"]},
    )
    with ScriptedModel(script) as server:
        res = batch(
            server,
            env,
            climb,
            ranges,
            "--out",
            tmp_path,
            "--rounds",
            "1",
            "--no-cache",
            "--junit",
            tmp_path / "junit.xml",
            "--summary",
            tmp_path / "summary.md",
        )
    assert res.code == 1, res.stderr
    records = {r["problem"]: r for r in lines(tmp_path / "results.jsonl")}
    assert records["longest-climb"]["status"] == "verified"
    assert records["longest-climb"]["final_verdict"] == "WA"
    assert records["range-sums"]["status"] == "unverified"
    assert records["range-sums"]["final_verdict"] == "AC"
    summary = (tmp_path / "summary.md").read_text()
    assert "- false verification (verified, but the hidden tests reject it): 1" in summary
    assert "- unverified but accepted by the hidden tests: 1" in summary
    xml = (tmp_path / "junit.xml").read_text()
    JUNIT_SCHEMA.validate(str(tmp_path / "junit.xml"))
    first = records["longest-climb"]["final_first_failure"]
    assert f'message="verified; hidden tests: WA on {first}" type="WA"' in xml
    assert 'message="unverified (1 rounds spent); hidden tests: AC" type="AC"' in xml
    # --strict turns the false verification into its own exit code (the same replies again).
    with ScriptedModel(script) as server:
        strict = batch(
            server, env, climb, ranges, "--out", tmp_path / "strict", "--rounds", "1", "--strict"
        )
        honest = batch(
            server, env, ranges, "--out", tmp_path / "honest", "--rounds", "1", "--strict"
        )
    assert strict.code == STRICT_EXIT == 4, strict.stderr
    assert "--strict: 1 verified solution failed the hidden tests" in strict.stderr
    # Unverified but no verified solution rejected: --strict adds nothing to exit 1.
    assert honest.code == 1, honest.stderr
    assert "--strict" not in honest.stderr


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(
    model: ScriptedModel, env: dict[str, str], tmp_path: Path
) -> None:
    subset = SHIPPED[:3]
    results = tmp_path / "results.jsonl"
    args = [
        sys.executable,
        "-m",
        "solver",
        "batch",
        *map(str, subset),
        "--out",
        str(tmp_path),
        "-j",
        "1",
        "--no-cache",
        "--base-url",
        model.base_url,
        "--model",
        "scripted-model",
    ]
    proc = subprocess.Popen(
        args,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_sigint,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (not results.exists() or not results.read_text()):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "interrupted:" in stderr and "--resume" in stderr
    assert "error: interrupted" not in stderr  # batch said it its own way: not twice
    assert "Traceback" not in stderr
    kept = lines(results)
    assert 1 <= len(kept) < len(subset)


def test_cache_show_and_clear(
    first_run: tuple[Any, Path], env: dict[str, str], tmp_path: Path
) -> None:
    shown = run_cli("cache", "show", "--json", env=env)
    assert shown.code == 0
    data = shown.json()
    assert data["entries"] > 0 and data["models"]["scripted-model"] == data["entries"]
    cleared = run_cli("cache", "clear", env=env)
    assert cleared.code == 0 and f"removed {data['entries']} cached responses" in cleared.stdout
    assert run_cli("cache", "show", "--json", env=env).json()["entries"] == 0


# ---- strength: aggregation of the reports' `strength` ------------------------------------


def strength(
    comparisons: int,
    *,
    size: int | None = 200000,
    seconds: float | None = 0.4,
    skipped: tuple[str, ...] = (),
    brute: tuple[int, int] = (12, 12),
    summary: str = "strength: oracles brute 12/12; 300 stress comparisons",
) -> Any:
    return {
        "oracle_agreement": {
            "brute": {"tests": brute[0], "agreed": brute[1]},
            "prediction": {"tests": 10, "agreed": 9},
        },
        "stress_comparisons": comparisons,
        "largest_input": {
            "size": size,
            "seconds": seconds,
            "limit_s": 2.0,
            "margin": 0.8 if seconds is not None else 0.0,
        },
        "skipped": list(skipped),
        "summary": summary,
    }


def record(problem: str, status: str, verdict: str | None, strength_: Any) -> dict[str, Any]:
    verified = status == "verified"
    return {
        "version": 1,
        "problem": problem,
        "path": f"/p/{problem}",
        "status": status,
        "verified": verified,
        "stop_reason": "verified" if verified else "5 rounds spent",
        "final_verdict": verdict,
        "final_first_failure": None if verdict in (None, "AC") else "secret/03",
        "final_message": "",
        "rounds": 2,
        "tokens": 100,
        "cached_replies": 0,
        "solution": None,
        "report": None,
        "error": "crash" if status == "error" else None,
        "seconds": 1.5,
        "finished_at": "2026-01-01T00:00:00+00:00",
        "strength": strength_,
    }


RECORDS = [
    record("reaches-max", "verified", "AC", strength(300)),
    record(
        "no-max",
        "verified",
        "WA",
        strength(
            120,
            size=1000,
            skipped=(
                "maximum sizes: the validator rejected every large input",
                "brute force: none trusted",
            ),
        ),
    ),
    record("untimed", "verified", "AC", strength(0, size=None, seconds=None)),
    record("unverified", "unverified", "AC", strength(50, brute=(12, 10))),
    record("old-loop", "verified", "AC", None),
    record("broken", "error", None, None),
]


def test_strength_is_copied_with_exactly_the_agreed_fields() -> None:
    full = strength(300)
    report = {"strength": {**full, "growth": "linear", "extra": [1, 2]}}
    copied = batch_lib.strength_of(report)
    assert copied == full
    jsonschema.validate(record("p", "verified", "AC", copied), RESULT_SCHEMA)
    assert batch_lib.strength_of({}) is None
    assert batch_lib.strength_of({"strength": None}) is None
    assert batch_lib.strength_of({"strength": "strong"}) is None
    # Fields missing from a report are filled with neutral values, never invented figures.
    sparse = batch_lib.strength_of({"strength": {"stress_comparisons": 7}})
    assert sparse == {
        "oracle_agreement": {},
        "stress_comparisons": 7,
        "largest_input": {"size": None, "seconds": None, "limit_s": 0.0, "margin": 0.0},
        "skipped": [],
        "summary": "",
    }
    jsonschema.validate(record("p", "unverified", None, sparse), RESULT_SCHEMA)


def test_schema_holds_strength_to_its_fields() -> None:
    for r in RECORDS:
        jsonschema.validate(r, RESULT_SCHEMA, format_checker=jsonschema.FormatChecker())
    bad = strength(3)
    del bad["skipped"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record("p", "verified", "AC", bad), RESULT_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            record("p", "verified", "AC", {**strength(3), "more": 1}), RESULT_SCHEMA
        )
    wrong = strength(3)
    wrong["oracle_agreement"]["brute"]["agreed"] = "all"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record("p", "verified", "AC", wrong), RESULT_SCHEMA)


def test_totals_aggregate_strength() -> None:
    t = batch_lib.totals(RECORDS)
    assert (t.problems, t.verified, t.unverified, t.errors) == (6, 4, 1, 1)
    assert t.with_strength == 4
    assert t.stress_comparisons == 300 + 120 + 0 + 50
    # Only "reaches-max": "no-max" skipped the maximum sizes, "untimed" timed nothing,
    # "unverified" is not verified, "old-loop" does not say.
    assert t.verified_reaching_maximum == 1
    assert (t.skipped_checks, t.problems_with_skips) == (2, 1)
    assert t.oracle_agreement == {
        "brute": {"tests": 48, "agreed": 46},
        "prediction": {"tests": 40, "agreed": 36},
    }
    assert t.false_verified == 1
    assert [r["problem"] for r in RECORDS if batch_lib.reached_maximum(r)] == [
        "reaches-max",
        "unverified",
    ]


def test_summary_shows_strength_beside_the_hidden_verdict() -> None:
    rows = {row[0]: row for row in batch_lib.summary_rows(RECORDS)}
    header = batch_lib.SUMMARY_HEADER
    assert header.index("strength") == header.index("hidden tests") + 1
    assert rows["reaches-max"][2:4] == ["AC", "oracles brute 12/12; 300 stress comparisons"]
    assert rows["old-loop"][2:4] == ["AC", "-"]
    assert rows["broken"][2:4] == ["-", "-"]
    markdown = batch_lib.summary_markdown(RECORDS)
    assert (
        "| reaches-max | verified | AC | oracles brute 12/12; 300 stress comparisons |" in markdown
    )
    assert (
        "- strength reported by 4 of 6 problems: 470 stress comparisons; verified with an "
        "input at the maximum sizes 1 of 4; skipped checks 2 (in 1 problems)"
    ) in markdown
    assert "- oracle agreement: brute 46/48, prediction 36/40" in markdown
    assert "- false verification (verified, but the hidden tests reject it): 1" in markdown
    xml = batch_lib.junit_xml(RECORDS).decode()
    assert "strength=oracles brute 12/12; 300 stress comparisons" in xml
    none = batch_lib.summary_markdown([record("x", "verified", "AC", None)])
    assert "- strength reported by 0 of 1 problems: 0 stress comparisons" in none
    assert "- oracle agreement: none reported" in none


def test_strict_exit_code_only_for_false_verification() -> None:
    assert exit_code(RECORDS, strict=False) == 1
    assert exit_code(RECORDS, strict=True) == STRICT_EXIT
    honest = [r for r in RECORDS if r["problem"] != "no-max"]
    assert exit_code(honest, strict=True) == 1  # unverified and an error, no false verified
    verified = [r for r in honest if r["status"] == "verified"]
    assert exit_code(verified, strict=True) == exit_code(verified, strict=False) == 0


def test_unreachable_model_still_writes_summary_and_junit(tmp_path: Path) -> None:
    subset = SHIPPED[:2]
    summary, junit = tmp_path / "summary.md", tmp_path / "junit.xml"
    res = run_cli(
        "batch",
        *subset,
        "--out",
        tmp_path / "out",
        "--summary",
        summary,
        "--junit",
        junit,
        "--base-url",
        "http://127.0.0.1:9/v1",  # the discard port: nothing answers
        "--model",
        "scripted-model",
        "--retries",
        "0",
        "--timeout",
        "5",
    )
    assert res.code == 3, res.stderr
    assert "Traceback" not in res.stderr
    JUNIT_SCHEMA.validate(str(junit))
    cases = ET.parse(junit).getroot().findall(".//testcase")
    assert [c.get("name") for c in cases] == [p.name for p in subset]
    for case in cases:
        error = case.find("error")
        assert error is not None
        assert error.get("message", "").startswith("not run: the model cannot be reached")
    text = summary.read_text()
    assert all(p.name in text for p in subset) and "not run: the model cannot be reached" in text
    assert not (tmp_path / "out" / "results.jsonl").exists()  # --resume will run them all


def test_interrupted_batch_writes_summary_and_junit(tmp_path: Path) -> None:
    subset = SHIPPED[:3]
    results, junit, summary = tmp_path / "results.jsonl", tmp_path / "j.xml", tmp_path / "s.md"
    script = solving_script(subset)
    draft, drafts = script["draft"], itertools.count()
    # Problems after the first hang in their draft: the signal comes with one finished.
    script["draft"] = lambda body: draft(body) if next(drafts) == 0 else Hang(300)  # type: ignore[operator]
    with ScriptedModel(script) as model:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "solver", "batch", *map(str, subset), "--out", tmp_path),
                *("-j", "1", "--no-cache", "--junit", junit, "--summary", summary),
                *("--base-url", model.base_url, "--model", "scripted-model"),
            ],
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and (not results.exists() or not results.read_text()):
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    JUNIT_SCHEMA.validate(str(junit))
    cases = {c.get("name"): c for c in ET.parse(junit).getroot().findall(".//testcase")}
    assert list(cases) == [p.name for p in subset]
    assert cases[subset[0].name].find("error") is None
    for name in (subset[1].name, subset[2].name):
        error = cases[name].find("error")
        assert error is not None and error.get("message") == "not run: the batch was interrupted"
    assert "not run: the batch was interrupted" in summary.read_text()
