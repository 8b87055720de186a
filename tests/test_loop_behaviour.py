"""Candidates compared with each other by behaviour (`--candidates N`)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from solver.loop.behaviour import cluster_sizes
from solver.report import RunRecord
from tests.conftest import write_files
from tests.scripted_model import ScriptedModel, code
from tests.test_loop_alt import CUT_SHORT, TINY_BRUTE
from tests.test_solve import NO_ALT, RIGHT, STATEMENT, script, solve


def run(cid: str, tid: str, out: str, verdict: str = "OK") -> RunRecord:
    return RunRecord(cid, tid, verdict, 0.01, 1.0, out, "")


def test_clusters_count_the_candidates_printing_the_same_everywhere() -> None:
    runs = [
        run("c1", "a", "1"),
        run("c1", "b", "2"),
        run("c2", "a", "1"),
        run("c2", "b", " 2\n"),  # the same tokens
        run("c3", "a", "1"),
        run("c3", "b", "3"),
        run("c4", "a", "1"),
        run("c4", "b", "", "TLE"),  # a failed run says nothing about its behaviour
    ]
    state = SimpleNamespace(runs={(r.candidate, r.test): r for r in runs})
    sizes = cluster_sizes(state, ["c1", "c2", "c3", "c4"])  # type: ignore[arg-type]
    assert sizes == {"c1": 3, "c2": 3, "c3": 2, "c4": 4}


def test_two_candidates_that_differ_where_no_oracle_reaches_are_not_verified(
    tmp_path: Path,
) -> None:
    # Both pass everything the oracles reach; the second, cut short, differs at the maximum.
    # Before, the newest of two equal scores was returned as verified.
    statement = write_files(tmp_path, {"sum.md": STATEMENT}) / "sum.md"
    with ScriptedModel(
        script(
            draft=[code(RIGHT), code(CUT_SHORT)],
            brute=[code(TINY_BRUTE)],
            alt=NO_ALT,
        )
    ) as model:
        res, report = solve(model, statement, tmp_path, "--candidates", "2", "--rounds", "1")
    assert res.code == 1, res.stdout
    assert report["verified"] is False
    assert any(
        e["what"].startswith("no small input separates c1 from c2") for e in report["events"]
    )
