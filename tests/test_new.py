"""`solver new NAME`: a package skeleton that `solver verify` passes at once."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_the_skeleton_verifies_as_written(tmp_path: Path) -> None:
    made = run_cli("new", "sum-list", cwd=tmp_path)
    assert made.code == 0, made.stderr
    root = tmp_path / "sum-list"
    for rel in (
        "problem.yaml",
        "problem_statement/problem.en.md",
        "data/sample/1.in",
        "data/sample/1.ans",
        "input_validators/validate/validate.py",
        "generators/gen.py",
        "submissions/accepted/sum.py",
        "submissions/wrong_answer/absolute.py",
    ):
        assert (root / rel).is_file(), rel
    assert "name: Sum List" in (root / "problem.yaml").read_text()
    secret = sorted((root / "data" / "secret").glob("*.in"))
    assert len(secret) >= 5 and all(p.with_suffix(".ans").is_file() for p in secret)
    report = run_cli("verify", root, "--json").json()
    assert report["ok"] is True, report
    assert report["input_validation"] == [] and report["notes"] == []
    verdicts = {s["path"]: s["verdict"] for s in report["submissions"]}
    assert verdicts == {
        "submissions/accepted/sum.py": "AC",
        "submissions/wrong_answer/absolute.py": "WA",
    }


def test_its_validator_rejects_a_malformed_input(tmp_path: Path) -> None:
    assert run_cli("new", "p", cwd=tmp_path).code == 0
    (tmp_path / "p" / "data" / "secret" / "99.in").write_text("2\n1 2 3\n")
    (tmp_path / "p" / "data" / "secret" / "99.ans").write_text("6\n")
    report = run_cli("verify", tmp_path / "p", "--json").json()
    assert [i["test"] for i in report["input_validation"]] == ["secret/99"]


def test_an_existing_folder_or_a_bad_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("mine\n")
    taken = run_cli("new", tmp_path / "taken")
    assert taken.code == 2 and "already exists" in taken.stderr
    assert (tmp_path / "taken" / "x").read_text() == "mine\n"
    bad = run_cli("new", tmp_path / "Bad Name")
    assert bad.code == 2 and "short name" in bad.stderr
    assert "Traceback" not in taken.stderr + bad.stderr


def test_verify_says_when_a_package_has_no_input_validator(make_package) -> None:
    root = make_package()  # no input_validators/
    report = run_cli("verify", root, "--json").json()
    assert any(n.startswith("no input validator") for n in report["notes"]), report["notes"]
    plain = run_cli("verify", root)
    assert "note no input validator" in plain.stdout
