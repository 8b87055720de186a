"""The order of verify's work on its shared queue (sandbox/verify.py)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sandbox import verify as verify_module
from sandbox.languages import Program
from sandbox.package import Problem, Submission, load_problem
from sandbox.verify import SubmissionReport, ValidationCheck

VALIDATOR = "import sys\nsys.stdin.read()\nsys.exit(42)\n"


def test_inputs_are_validated_while_a_submission_is_still_building(
    make_package, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Before: validation was queued only once every submission was built, so a core that a
    # long compile left idle stayed idle. The build here waits for a validation run to start
    # (a generous bound, not a timing: it only keeps a regression from hanging the suite).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = make_package({"input_validators/accept.py": VALIDATOR})
    started = threading.Event()
    waited: list[bool] = []
    real_check, real_build = verify_module.check_input, verify_module._build

    def check(item: ValidationCheck) -> verify_module.InputIssue | None:
        started.set()
        return real_check(item)

    def build(problem: Problem, sub: Submission) -> Program | SubmissionReport:
        waited.append(started.wait(timeout=30))
        return real_build(problem, sub)

    monkeypatch.setattr(verify_module, "check_input", check)
    monkeypatch.setattr(verify_module, "_build", build)
    report = verify_module.verify(load_problem(root), jobs=2)
    assert waited == [True]
    assert report.ok and not report.input_issues
