"""`.timelimit` (the BAPCtools/DOMjudge convention) is the package's time limit when
problem.yaml fixes none, and deriving a limit says so while it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.judge import resolve_time_limit
from sandbox.package import PackageError, load_problem
from solver.task import load_task

NO_LIMIT = "name: Sum\nlimits:\n  memory: 256\n"


def test_dot_timelimit_is_the_time_limit(make_package) -> None:
    root = make_package({"problem.yaml": NO_LIMIT, ".timelimit": "3\n"})
    problem = load_problem(root)
    assert problem.time.time_limit == 3.0
    limit = resolve_time_limit(problem, None)
    assert (limit.seconds, limit.source) == (3.0, ".timelimit")
    assert load_task(root).time_limit_s == 3.0


def test_problem_yaml_wins_over_dot_timelimit(make_package) -> None:
    problem = load_problem(make_package({".timelimit": "7.5"}))  # problem.yaml says 2
    assert (problem.time.time_limit, problem.time.source) == (2.0, "problem.yaml")


@pytest.mark.parametrize("text", ["fast\n", "0\n", "-1\n", "nan\n", "", "1" * 2000])
def test_bad_dot_timelimit_is_a_one_line_error(make_package, text: str) -> None:
    root = make_package({"problem.yaml": NO_LIMIT, ".timelimit": text})
    with pytest.raises(PackageError, match=r"^sum: \.timelimit: ") as caught:
        load_problem(root)
    assert "\n" not in str(caught.value)


def test_deriving_the_limit_says_so(make_package, tmp_path: Path) -> None:
    # A test of its own content, so that no earlier derivation is found in the cache.
    unique = abs(hash(str(tmp_path))) % 10**9
    root = make_package(
        {
            "problem.yaml": NO_LIMIT,
            "data/secret/unique.in": f"{unique} 0\n",
            "data/secret/unique.ans": f"{unique}\n",
        }
    )
    heard: list[str] = []
    load_task(root, progress=heard.append)
    assert any("deriving the time limit" in line for line in heard), heard
