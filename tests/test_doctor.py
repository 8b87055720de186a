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


def test_doctor_piped_is_not_padded() -> None:
    # Piped, each line ends where its text does: no row is padded out to the longest detail.
    plain = run_cli("doctor")
    assert plain.code == 0
    lines = plain.stdout.splitlines()
    assert any(line.startswith("network isolation") for line in lines)
    assert all(line == line.rstrip() for line in lines)
    short = next(line for line in lines if line.startswith("ipc/uts isolation"))
    assert len(short) < max(len(line) for line in lines)


def test_verify_and_judge_tables_piped_are_not_padded(make_package) -> None:
    root = make_package()
    for res in (
        run_cli("judge", root, root / "submissions" / "accepted" / "sum.py"),
        run_cli("verify", root),
    ):
        assert res.code == 0, res.stderr
        assert all(line == line.rstrip() for line in res.stdout.splitlines()), res.stdout
