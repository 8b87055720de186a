"""Scores people compare with: pass@1 on the hidden tests, overall and by difficulty, in the
shape of LiveCodeBench's leaderboard; the verified/unverified split; a plot.

pass@1 here is the share of problems whose one returned solution is accepted by every test:
the public ones (`data/sample`) and the hidden ones (`data/secret`), as LiveCodeBench counts
them. Problems that could not be run (errors, no solution) count as failures, as in
LiveCodeBench; problems without hidden tests are left out, and problems whose statement accepts
several answers with no checker to say which (CodeContests) are counted apart.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.grading import LCB_DEPARTURES, LIVECODEBENCH
from solver.datasets import SEVERAL_ANSWERS, read_meta

Record = dict[str, Any]
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Rate:
    passed: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.passed / self.total if self.total else None

    def cell(self) -> str:
        p = self.percent
        return "-" if p is None else f"{p:.1f} ({self.passed}/{self.total})"


@dataclass(frozen=True)
class Scores:
    overall: Rate
    by_difficulty: dict[str, Rate]
    """easy, medium, hard, and `unknown` when some problem has no difficulty."""
    verified: Rate
    """Among verified problems: accepted by the hidden tests."""
    unverified: Rate
    """Among unverified problems (errors included): accepted by the hidden tests."""
    false_verification_rate: float | None
    """Verified, yet rejected by the hidden tests, over all verified (judged) problems."""
    not_judged: int
    """Problems without hidden tests, left out of every rate."""
    tokens: list[int]
    several_answers: Rate = Rate(0, 0)
    """Problems that accept several answers but have no checker: graded by text, so a right
    answer may be rejected; left out of the rates above."""
    tests_counted: dict[str, int] | None = None
    """How many judged problems counted which tests (`sample+secret`; `secret` for records
    of an older results file)."""
    gradings: dict[str, int] | None = None
    """How many problems each grading mode graded."""

    def to_json(self) -> dict[str, Any]:
        def rate(r: Rate) -> dict[str, Any]:
            return {"passed": r.passed, "total": r.total, "pass_at_1": r.percent}

        return {
            "pass_at_1": rate(self.overall),
            "by_difficulty": {k: rate(v) for k, v in self.by_difficulty.items()},
            "verified": rate(self.verified),
            "unverified": rate(self.unverified),
            "false_verification_rate": self.false_verification_rate,
            "not_judged": self.not_judged,
            "several_answers": rate(self.several_answers),
            "tests_counted": self.tests_counted or {},
            "gradings": self.gradings or {},
        }


def _has_hidden_tests(record: Record) -> bool:
    secret = Path(record["path"]) / "data" / "secret"
    return secret.is_dir() and any(secret.rglob("*.in"))


def difficulty_of(record: Record) -> str:
    value = str(read_meta(Path(record["path"])).get("difficulty") or "").lower()
    return value if value in DIFFICULTIES else "unknown"


def _several_answers(record: Record) -> bool:
    return read_meta(Path(record["path"])).get(SEVERAL_ANSWERS) is True


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))


def compute(records: Iterable[Record]) -> Scores:
    rows = list(records)
    with_hidden = [r for r in rows if _has_hidden_tests(r)]
    apart = [r for r in with_hidden if _several_answers(r)]
    judged = [r for r in with_hidden if r not in apart]

    def rate(subset: list[Record]) -> Rate:
        return Rate(sum(1 for r in subset if r.get("final_verdict") == "AC"), len(subset))

    levels: dict[str, list[Record]] = {d: [] for d in DIFFICULTIES}
    for r in judged:
        levels.setdefault(difficulty_of(r), []).append(r)
    verified = [r for r in judged if r.get("verified")]
    unverified = [r for r in judged if not r.get("verified")]
    false_rate = (
        (100.0 * sum(1 for r in verified if r.get("final_verdict") != "AC") / len(verified))
        if verified
        else None
    )
    return Scores(
        rate(judged),
        {k: rate(v) for k, v in levels.items()},
        rate(verified),
        rate(unverified),
        false_rate,
        len(rows) - len(with_hidden),
        [int(r.get("tokens") or 0) for r in rows],
        rate(apart),
        # Records written before the final judge counted the public tests lack the field.
        _count(
            str(r.get("final_tests") or "secret")
            for r in with_hidden
            if r.get("final_verdict") is not None
        ),
        _count(str(r.get("grading")) for r in rows if r.get("grading")),
    )


def counted_line(s: Scores) -> str:
    """Which tests pass@1 counted, and whose rules graded them (where this judge departs from
    LiveCodeBench's harness, it says so)."""
    counted = s.tests_counted or {}
    parts = [
        f"{n} on the public and hidden tests (data/sample + data/secret)"
        if which == "sample+secret"
        else f"{n} on the hidden tests only (data/{which}; an older results file)"
        for which, n in counted.items()
    ]
    line = "tests counted: " + ("; ".join(parts) or "none judged")
    gradings = s.gradings or {}
    if gradings:
        line += "; grading: " + ", ".join(f"{g} {n}" for g, n in gradings.items())
    if LIVECODEBENCH in gradings:
        line += f" (LiveCodeBench's rules except: {LCB_DEPARTURES})"
    return line


def markdown(records: list[Record], model: str) -> str:
    """The scores section of `--summary`: LiveCodeBench's leaderboard columns, then the
    verification split."""
    s = compute(records)
    columns = ["Model", "Pass@1", "Easy-Pass@1", "Medium-Pass@1", "Hard-Pass@1"]
    cells = [model, s.overall.cell(), *(s.by_difficulty[d].cell() for d in DIFFICULTIES)]
    if s.by_difficulty.get("unknown", Rate(0, 0)).total:
        columns.append("Unknown-difficulty-Pass@1")
        cells.append(s.by_difficulty["unknown"].cell())
    false_rate = "-" if s.false_verification_rate is None else f"{s.false_verification_rate:.1f}%"
    tokens = (
        f"{statistics.mean(s.tokens):.0f} mean, {statistics.median(s.tokens):.0f} median"
        if s.tokens
        else "-"
    )
    lines = [
        "## Scores on the hidden tests",
        "",
        "pass@1 in % (accepted / problems): one returned solution per problem, judged on "
        "tests the loop never saw.",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |",
        "",
        "| loop outcome | problems | accepted by the hidden tests |",
        "|---|---|---|",
        f"| verified | {s.verified.total} | {s.verified.cell()} |",
        f"| unverified or error | {s.unverified.total} | {s.unverified.cell()} |",
        "",
        f"- false verification rate (verified, yet rejected by the hidden tests, over "
        f"verified): {false_rate}",
        f"- tokens per problem: {tokens}",
    ]
    if s.not_judged:
        lines.append(f"- {s.not_judged} problem(s) without hidden tests are left out")
    lines.append(f"- {counted_line(s)}")
    if s.several_answers.total:
        lines.append(f"- {several_line(s)}")
    return "\n".join(lines) + "\n"


def several_line(s: Scores) -> str:
    return (
        f"counted apart: {s.several_answers.total} problem(s) accept several right answers "
        "and the dataset has no checker for them, so a right answer may be rejected; "
        f"accepted {s.several_answers.cell()}, left out of pass@1"
    )


def terminal_line(records: list[Record]) -> str:
    s = compute(records)
    parts = [f"{d} {s.by_difficulty[d].cell()}" for d in DIFFICULTIES if s.by_difficulty[d].total]
    line = f"pass@1 on hidden tests: {s.overall.cell()}" + (
        f"; {', '.join(parts)}" if parts else ""
    )
    line += f"\n{counted_line(s)}"
    if s.several_answers.total:
        line += f"\n{several_line(s)}"
    return line


def plot(records: list[Record], path: Path) -> bool:
    """A PNG: solved rate by difficulty (verified and not), and tokens per problem. False
    when matplotlib is not installed (pip install 'solver[plot]')."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: write files only
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    s = compute(records)
    levels = [d for d in (*DIFFICULTIES, "unknown") if s.by_difficulty.get(d, Rate(0, 0)).total]
    judged = [r for r in records if _has_hidden_tests(r)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    verified_ok, other_ok = [], []
    for level in levels:
        rows = [r for r in judged if difficulty_of(r) == level]
        total = len(rows) or 1
        verified_ok.append(
            100
            * sum(1 for r in rows if r.get("verified") and r.get("final_verdict") == "AC")
            / total
        )
        other_ok.append(
            100
            * sum(1 for r in rows if not r.get("verified") and r.get("final_verdict") == "AC")
            / total
        )
    left.bar(levels, verified_ok, label="verified and accepted", color="#2a7")
    left.bar(levels, other_ok, bottom=verified_ok, label="unverified but accepted", color="#9cd")
    for i, level in enumerate(levels):
        rate = s.by_difficulty[level]
        left.text(
            i,
            verified_ok[i] + other_ok[i] + 1,
            f"{rate.passed}/{rate.total}",
            ha="center",
            fontsize=9,
        )
    left.set_ylim(0, 120)
    left.set_ylabel("pass@1 on hidden tests (%)")
    left.set_title("Solved rate by difficulty")
    left.legend(loc="upper right", fontsize=8)
    tokens = sorted((int(r.get("tokens") or 0), r.get("final_verdict") == "AC") for r in records)
    right.bar(
        range(len(tokens)),
        [t for t, _ in tokens],
        color=["#2a7" if ok else "#d66" for _, ok in tokens],
    )
    right.xaxis.get_major_locator().set_params(integer=True)
    right.set_xlabel("problems, by tokens spent (green: accepted)")
    right.set_ylabel("tokens")
    right.set_title("Tokens per problem")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def report(records: list[Record], model: str, summary: Path | None) -> None:
    """After a batch: the pass@1 line on the terminal; with `--summary FILE.md`, the scores
    section appended to it, the same figures as FILE.json and the plot as FILE.png."""
    from solver.console import err, out

    if not any(_has_hidden_tests(r) for r in records):
        return
    out.print(terminal_line(records))
    if summary is None:
        return
    with open(summary, "a") as f:
        f.write("\n" + markdown(records, model))
    summary.with_suffix(".json").write_text(
        json.dumps({"version": 1, "model": model, **compute(records).to_json()}, indent=2) + "\n"
    )
    image = summary.with_suffix(".png")
    if plot(records, image):
        with open(summary, "a") as f:
            f.write(f"\n![solved rate by difficulty, tokens per problem]({image.name})\n")
    else:
        err.print("no plot: matplotlib is not installed (pip install 'solver[plot]')")
