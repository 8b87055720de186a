"""`solver doctor` reports what isolation is on and why something is off."""

from __future__ import annotations

from tests.conftest import run_cli


def test_doctor_lists_features() -> None:
    res = run_cli("doctor", "--json")
    assert res.code == 0
    data = res.json()
    names = {f["name"] for f in data["features"]}
    assert {
        "network isolation",
        "filesystem isolation",
        "process-tree cleanup",
        "resource limits",
        "unprivileged user",
        "exact accounting",
    } <= names
    assert {lang["language"] for lang in data["languages"]} == {
        "Python 3",
        "Python 3 (PyPy)",
        "C",
        "C++",
        "Java",
        "checktestdata",
    }
    ctd = next(lang for lang in data["languages"] if lang["language"] == "checktestdata")
    assert ctd["used_for"] == "input validators" and ctd["available"] is True


def test_doctor_says_why_a_feature_is_off() -> None:
    res = run_cli("doctor", "--json", env={"SOLVER_NO_BWRAP": "1"})
    features = {f["name"]: f for f in res.json()["features"]}
    assert features["network isolation"]["on"] is False
    assert features["network isolation"]["detail"] == "disabled by SOLVER_NO_BWRAP"
    plain = run_cli("doctor", env={"SOLVER_NO_BWRAP": "1"})
    assert "off" in plain.stdout
