"""What the loop may know about a problem: its statement, samples, limits and checker.

Built from a problem package (never from its data/secret) or from a single statement file whose
sample blocks become the samples.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sandbox.checkers import Checker
from sandbox.judge import make_checker, resolve_time_limit
from sandbox.languages import Program, compile_source
from sandbox.package import STATEMENT_SUFFIXES, Problem, load_problem
from solver.errors import BadInput
from solver.latex import render_isolated

STATEMENT_FILE_SUFFIXES = (*STATEMENT_SUFFIXES, ".txt")
DEFAULT_TIME_LIMIT_S = 2.0
MAX_SAMPLE_SHOWN = 4000
"""Characters of one sample block shown to the model; a longer one is cut, saying so."""


@dataclass(frozen=True)
class Sample:
    name: str
    input: str
    output: str


@dataclass
class Task:
    name: str
    statement: str
    samples: list[Sample]
    time_limit_s: float
    memory_mib: int
    checker: Checker
    input_validators: list[Program]
    package: Problem | None
    """The package, for the final judge only: the loop itself never reads data/secret."""
    home: Path
    """Where the solution is written by default."""
    statement_format: str = "markdown"
    """`markdown`, `latex` or `text`: how `statement` is written."""

    def shown_to_model(self) -> str:
        """The problem as a contestant sees it: the statement (LaTeX rendered to readable
        text, Markdown and plain text as they are), the limits, then every sample as an
        ```input / ```output pair. The samples are always listed, even when a Markdown
        statement shows them too: this list is the one the loop checks against, so the model
        is never left to guess which blocks of the statement are samples."""
        parts = [_readable(self.statement, self.statement_format).rstrip(), "",
                 "## Limits", "",
                 f"Time limit: {_seconds(self.time_limit_s)} per test. "
                 f"Memory limit: {self.memory_mib} MiB.", "",
                 f"## Sample tests ({len(self.samples)})", "",
                 "On each sample input, a correct program prints the sample output (compared "
                 "as the problem's output rules say)."]
        for number, sample in enumerate(self.samples, 1):
            parts += ["", f"Sample {number} input:", f"```input\n{_block(sample.input)}```",
                      f"Sample {number} output:", f"```output\n{_block(sample.output)}```"]
        return "\n".join(parts) + "\n"


def _readable(statement: str, form: str) -> str:
    return _rendered_latex(statement) if form == "latex" else statement


@lru_cache(maxsize=8)
def _rendered_latex(source: str) -> str:
    return render_isolated(source)


def _seconds(value: float) -> str:
    return f"{value:g} second" + ("" if value == 1 else "s")


def _block(text: str) -> str:
    if len(text) > MAX_SAMPLE_SHOWN:
        text = (text[:MAX_SAMPLE_SHOWN].rstrip("\n") +
                f"\n... ({len(text) - MAX_SAMPLE_SHOWN} more characters not shown)")
    return text if text.endswith("\n") else text + "\n"


def _format_of(path: Path) -> str:
    return {".tex": "latex", ".md": "markdown"}.get(path.suffix.lower(), "text")


def load_task(path: Path, *, time_limit: float | None = None) -> Task:
    if not path.exists():
        raise BadInput(f"{path}: no such problem package or statement file")
    if path.is_dir():
        return _from_package(load_problem(path), time_limit)
    if path.suffix.lower() not in STATEMENT_FILE_SUFFIXES:
        raise BadInput(f"{path}: a problem is a package directory or a statement file "
                       f"({', '.join(STATEMENT_FILE_SUFFIXES)})")
    return _from_statement(path, time_limit)


def _from_package(problem: Problem, time_limit: float | None) -> Task:
    if problem.statement is None:
        raise BadInput(f"{problem.short_name}: no statement (problem_statement/problem.en.md "
                       "or statement/problem.en.md) for the model to read")
    samples = [Sample(t.name, t.input.read_text(), t.answer.read_text())
               for t in problem.tests("sample")]
    if not samples:
        raise BadInput(f"{problem.short_name}: data/sample has no samples")
    validators = []
    for source in problem.input_validators:
        built = compile_source(source)
        if built.program is not None:
            validators.append(built.program)
    tl = resolve_time_limit(problem, time_limit).seconds
    return Task(problem.name, problem.statement.read_text(errors="replace"), samples, tl,
                min(problem.memory_mib, 1024), make_checker(problem), validators, problem,
                problem.root, _format_of(problem.statement))


def _from_statement(path: Path, time_limit: float | None) -> Task:
    text = path.read_text(errors="replace")
    pairs = extract_samples(text)
    if not pairs:
        raise BadInput(f"{path}: no samples found (expected sample input and output blocks, "
                       "e.g. '### Input' and '### Output' headings each followed by a "
                       "``` block)")
    samples = [Sample(f"sample/{i}", inp, out) for i, (inp, out) in enumerate(pairs, 1)]
    tl = time_limit or _stated_time_limit(text) or DEFAULT_TIME_LIMIT_S
    # The default checker needs a package; a throwaway one with just the samples serves.
    root = Path(tempfile.mkdtemp(prefix="solver-statement-"))
    (root / "data" / "sample").mkdir(parents=True)
    for s in samples:
        stem = root / "data" / s.name
        stem.with_suffix(".in").write_text(s.input)
        stem.with_suffix(".ans").write_text(s.output)
    (root / "problem.yaml").write_text(f"name: {path.stem}\nlimits:\n  time_limit: {tl}\n")
    problem = load_problem(root)
    title = re.search(r"^#\s+(.+)$", text, re.M) or re.search(r"\\problemname\{([^}]*)\}", text)
    return Task(title.group(1).strip() if title else path.stem, text, samples, tl, 256,
                make_checker(problem), [], None, path.parent, _format_of(path))


_HEADING = re.compile(r"^(?:#+\s*|\\(?:sub)*section\*?\{|)\s*(?P<sample>sample|example)?\s*"
                      r"(?P<kind>input|output)\b", re.I)


def extract_samples(text: str) -> list[tuple[str, str]]:
    """Sample (input, output) pairs: a line naming input or output (a Markdown heading,
    'Sample Input 1', a LaTeX section) followed by a fenced block, verbatim block or indented
    text."""
    lines = text.splitlines()
    found: list[tuple[str, str]] = []
    pending_input: str | None = None
    i = 0
    while i < len(lines):
        m = _HEADING.match(lines[i].strip().strip("*"))
        if not m:
            i += 1
            continue
        body, fenced, i = _block_after(lines, i + 1)
        # Plain text counts only under a heading that says "sample": a Markdown "## Input"
        # section describes the format in prose.
        if body is None or not (fenced or m.group("sample")):
            continue
        if m.group("kind").lower() == "input":
            pending_input = body
        elif pending_input is not None:
            found.append((pending_input, body))
            pending_input = None
    return found


def _block_after(lines: list[str], i: int) -> tuple[str | None, bool, int]:
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return None, False, i
    start = lines[i].strip()
    if start.startswith(("```", "~~~")) or start.startswith("\\begin{verbatim}"):
        end_mark = "\\end{verbatim}" if start.startswith("\\begin") else start[:3]
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(end_mark):
            j += 1
        return "\n".join(lines[i + 1:j]) + "\n", True, j + 1
    if _HEADING.match(start):
        return None, False, i
    # Plain text (.txt statements): everything up to the next blank line or heading.
    j = i
    while j < len(lines) and lines[j].strip() and not _HEADING.match(lines[j].strip()):
        j += 1
    return "\n".join(line.strip() for line in lines[i:j]) + "\n", False, j


def _stated_time_limit(text: str) -> float | None:
    m = re.search(r"time limit[^0-9\n]{0,20}(\d+(?:\.\d+)?)\s*(?:s\b|sec|second)", text, re.I)
    return float(m.group(1)) if m else None
