"""`solver fetch` through online-judge-tools' client, on recorded pages served by `responses`
(no network): AtCoder and Codeforces, unsupported URLs, unreachable sites, and `solver solve
URL`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
import yaml

from sandbox.judge import judge
from sandbox.package import load_problem
from solver import fetch
from solver.errors import BadInput
from solver.task import load_task
from tests.scripted_model import output

PAGES = Path(__file__).with_name("pages")
# The structure of a real AtCoder task page (trimmed): span.h2 title, the limits paragraph,
# #task-statement with a Japanese and an English version, samples as h3 + pre in sections.
ATCODER_URL = "https://atcoder.jp/contests/abc086/tasks/abc086_a"
ATCODER_HTML = (PAGES / "atcoder-abc086_a.html").read_text()

# The structure of a real Codeforces problem page (trimmed): div.problem-statement with a
# header (title, limits), sections, and div.input / div.output samples.
CODEFORCES_URL = "https://codeforces.com/problemset/problem/4/A"
CODEFORCES_HTML = (PAGES / "codeforces-4-a.html").read_text()


def serve(rsps: responses.RequestsMock, url: str, html: str) -> None:
    rsps.add(
        responses.GET, url, body=html.encode(), status=200, content_type="text/html; charset=utf-8"
    )


def test_atcoder(tmp_path: Path) -> None:
    with responses.RequestsMock() as rsps:
        serve(rsps, ATCODER_URL, ATCODER_HTML)
        got = fetch.fetch(ATCODER_URL, tmp_path / "abc086_a")
    assert (got.judge, got.samples, got.time_limit_s, got.memory_mib) == ("AtCoder", 2, 2.0, 256)
    pkg = load_problem(got.root)
    assert pkg.name == "A - Product"
    assert pkg.time.time_limit == 2.0 and pkg.memory_mib == 256
    assert [(t.input.read_text(), t.answer.read_text()) for t in pkg.tests("sample")] == [
        ("3 4\n", "Even\n"),
        ("1 21\n", "Odd\n"),
    ]
    statement = pkg.statement.read_text()
    assert "Determine whether the product of $a$ and $b$" in statement
    assert "### Constraints\n\n- $1 \\leq a,b \\leq 10000$" in statement
    assert "シカ" not in statement  # the English version only
    assert yaml.safe_load((got.root / "problem.yaml").read_text())["source_url"] == ATCODER_URL
    # The package is one `solver judge` takes.
    right = tmp_path / "right.py"
    right.write_text(
        "a, b = map(int, input().split())\nprint('Even' if a * b % 2 == 0 else 'Odd')\n"
    )
    assert judge(pkg, right).verdict.value == "AC"


def test_codeforces(tmp_path: Path) -> None:
    with responses.RequestsMock() as rsps:
        serve(rsps, CODEFORCES_URL, CODEFORCES_HTML)
        got = fetch.fetch(CODEFORCES_URL, tmp_path / "cf")
    assert (got.judge, got.samples, got.time_limit_s, got.memory_mib) == ("Codeforces", 1, 1.0, 64)
    task = load_task(got.root)
    assert [(s.input, s.output) for s in task.samples] == [("8\n", "YES\n")]
    assert task.time_limit_s == 1.0 and task.memory_mib == 64
    assert "One hot summer day" in task.statement and "### Note" in task.statement
    assert "time limit per test: 1 second" in task.statement
    assert task.name == "A. Watermelon"
    assert "parts of $2$ and $6$ kilos" in task.statement
    assert fetch.slug(CODEFORCES_URL) == "4-a"


def test_unsupported_url_is_exit_2(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    res = run_cli("fetch", "https://example.com/problems/1", cwd=tmp_path)
    assert res.code == 2 and "not a problem URL of a supported judge" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_unreachable_site_and_missing_page(tmp_path: Path) -> None:
    with responses.RequestsMock() as rsps:
        rsps.add(
            responses.GET, ATCODER_URL, body=requests.ConnectionError("Name or service not known")
        )
        with pytest.raises(BadInput, match="cannot fetch from AtCoder: the site cannot be reached"):
            fetch.fetch(ATCODER_URL, tmp_path / "x")
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, CODEFORCES_URL, status=404, body=b"not found")
        with pytest.raises(BadInput, match="HTTP 404"):
            fetch.fetch(CODEFORCES_URL, tmp_path / "y")
    with responses.RequestsMock() as rsps:
        serve(
            rsps, CODEFORCES_URL, "<html><body>Codeforces is temporarily unavailable</body></html>"
        )
        with pytest.raises(BadInput, match="no samples"):
            fetch.fetch(CODEFORCES_URL, tmp_path / "z")
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_unreachable_through_the_cli_is_exit_2(tmp_path: Path) -> None:
    """A real refused connection, without the network: the CLI's requests go through a
    proxy on a closed port of 127.0.0.1."""
    from tests.conftest import run_cli

    res = run_cli(
        "fetch",
        "https://atcoder.jp/contests/abc086/tasks/abc086_a",
        "-o",
        tmp_path / "p",
        env={"HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"},
        timeout=120,
    )
    assert res.code == 2, res.stderr
    assert "cannot fetch from AtCoder" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_solve_takes_a_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`solver solve URL` fetches first (into ./SLUG) and solves the fetched package; a
    second run reuses it without the network."""
    from solver.cli import app  # in-process so that `responses` sees the requests
    from tests.scripted_model import ScriptedModel, code, input_blocks

    monkeypatch.chdir(tmp_path)
    right = "a, b = map(int, input().split())\nprint('Even' if a * b % 2 == 0 else 'Odd')\n"
    # A model that gets the fetched problem right: its generator reaches the constraints
    # (1 <= a, b <= 10000), its brute force multiplies by repeated addition, its predictions
    # are the true answers.
    script = {
        "draft": [code(right)],
        "repair": [code(right)],
        "tests": [input_blocks("1 1\n", "10000 10000\n", "9999 9999\n")],
        "generator": [code(PRODUCT_GENERATOR)],
        "validator": [code(PRODUCT_VALIDATOR)],
        "brute": [code(PRODUCT_BRUTE)],
        "predict": product_predictor,
        "complexity": ["```complexity\nO(1)\n```"],
    }
    with ScriptedModel(script) as model, responses.RequestsMock() as rsps:
        rsps.add_passthru("http://127.0.0.1")
        serve(rsps, ATCODER_URL, ATCODER_HTML)
        args = [
            "solve",
            ATCODER_URL,
            "--base-url",
            model.base_url,
            "--model",
            "scripted-model",
            "--retries",
            "0",
            "--rounds",
            "1",
            "--stress-seconds",
            "2",
        ]
        code_ = _run_app(app, args)
        assert code_ == 0
        assert len([c for c in rsps.calls if "atcoder" in c.request.url]) == 1
        assert _run_app(app, args) == 0  # reused: no second download
        assert len([c for c in rsps.calls if "atcoder" in c.request.url]) == 1
        drafts = model.stage_requests("draft")
    assert "Determine whether the product" in drafts[0].user_text
    report = json.loads((tmp_path / "abc086_a.report.json").read_text())
    assert report["problem"] == "A - Product"
    assert (tmp_path / "abc086_a.solution.py").read_text().strip() == right.strip()


PRODUCT_GENERATOR = """
from hypothesis import strategies as st

@st.composite
def inputs(draw, size):
    low, high = {"tiny": (1, 5), "small": (1, 100), "large": (9000, 10000)}[size]
    return f"{draw(st.integers(low, high))} {draw(st.integers(low, high))}\\n"
"""
PRODUCT_VALIDATOR = """
import re, sys
m = re.fullmatch(r"([0-9]+) ([0-9]+)\\n", sys.stdin.read())
sys.exit(0 if m and all(1 <= int(v) <= 10000 for v in m.groups()) else 1)
"""
PRODUCT_BRUTE = """
a, b = map(int, input().split())
product = 0
for _ in range(b):
    product += a
print("Even" if product % 2 == 0 else "Odd")
"""


def product_predictor(body: dict[str, Any]) -> str:
    user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
    a, b = map(int, re.findall(r"```input\n(.*?)```", user, re.S)[-1].split())
    return output("Even" if a * b % 2 == 0 else "Odd")


def _run_app(app: object, args: list[str]) -> int:
    code = app(args, standalone_mode=False)  # type: ignore[operator]
    return code if isinstance(code, int) else 0


KATTIS_URL = "https://open.kattis.com/problems/hello"


def test_kattis_samples_zip_and_sidebar_limits(tmp_path: Path) -> None:
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("1.in", "")
        z.writestr("1.ans", "Hello World!\n")
    with responses.RequestsMock() as rsps:
        rsps.add(
            responses.GET,
            KATTIS_URL + "/file/statement/samples.zip",
            body=archive.getvalue(),
            content_type="application/zip",
        )
        serve(rsps, KATTIS_URL, (PAGES / "kattis-hello.html").read_text())
        got = fetch.fetch(KATTIS_URL, tmp_path / "hello")
    assert (got.judge, got.samples, got.time_limit_s, got.memory_mib) == ("Kattis", 1, 1.0, 1024)
    task = load_task(got.root)
    assert [(s.input, s.output) for s in task.samples] == [("", "Hello World!\n")]
    assert "## Output" in task.statement and "Difficulty" not in task.statement
    assert task.name == "Hello World!"
