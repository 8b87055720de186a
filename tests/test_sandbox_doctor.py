"""`solver doctor` lists the syscall filter and the run accounting, and says why either is off;
runs still work (degraded) without them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

HOSTILE = Path(__file__).resolve().parent / "hostile"


def _features(env: dict[str, str] | None = None) -> dict[str, dict[str, object]]:
    res = run_cli("doctor", "--json", env=env)
    assert res.code == 0, res.stderr
    return {f["name"]: f for f in res.json()["features"]}


def test_doctor_lists_the_filter_and_the_run_accounting() -> None:
    features = _features()
    assert {"syscall filter", "run accounting", "exact accounting"} <= features.keys()


def test_doctor_says_why_the_filter_and_cgroups_are_off() -> None:
    features = _features({"SOLVER_NO_SECCOMP": "1", "SOLVER_NO_CGROUPS": "1"})
    assert features["syscall filter"]["on"] is False
    assert (
        features["syscall filter"]["detail"]
        == "disabled by SOLVER_NO_SECCOMP; programs may fork, ptrace and use keyrings"
    )
    assert features["run accounting"]["on"] is False
    assert str(features["run accounting"]["detail"]).startswith("disabled by SOLVER_NO_CGROUPS")


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("bwrap") is None, reason="needs root and bubblewrap"
)
def test_without_filter_and_cgroups_runs_still_work(tmp_path: Path) -> None:
    stdin = tmp_path / "in"
    stdin.write_text("1000\n")
    env = {"SOLVER_NO_SECCOMP": "1", "SOLVER_NO_CGROUPS": "1"}
    res = run_cli("run", HOSTILE / "threads.py", "-i", stdin, "--json", env=env)
    assert res.code == 0, res.stderr
    assert res.json()["stdout"] == "499500\n"
