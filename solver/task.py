"""What the loop may know about a problem: its statement, samples, limits and checker.

Built from a problem package (never from its data/secret) or from a single statement file whose
sample blocks become the samples.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sandbox import safe_io
from sandbox.checkers import Checker
from sandbox.functional import FunctionalSpec, spec_of
from sandbox.judge import make_checker, resolve_time_limit
from sandbox.languages import Program, UnsupportedLanguage, compile_input_validator
from sandbox.package import STATEMENT_SUFFIXES, Problem, load_problem
from sandbox.verdict import Verdict
from solver.errors import BadInput, SolverError
from solver.functional import statement_section
from solver.latex import render_isolated
from solver.samples import extract_samples, stated_memory_limit, stated_time_limit

STATEMENT_FILE_SUFFIXES = (*STATEMENT_SUFFIXES, ".txt")
DEFAULT_TIME_LIMIT_S = 2.0
MAX_SAMPLE_SHOWN = 4000
INTERACTIVE_SAMPLES = (
    "This is an interactive problem: your program never reads these files. Each test is a file "
    "the judge's interactor reads (the hidden data it answers from) and an answer file it may "
    "use; the interactor talks with your program through standard input and standard output "
    "as the statement describes, and decides whether your program is right."
)
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
    functional: FunctionalSpec | None = None
    """Set for a LeetCode-style problem: candidates are `class Solution` (docs/functional.md)."""
    interactive: bool = False
    """The package's interactor talks to the candidate; `checker` is that interactor."""
    interactor_args: tuple[str, ...] = ()
    """The output validator flags of the samples, given to the interactor on every test."""

    def shown_to_model(self) -> str:
        """The problem as a contestant sees it: the statement (LaTeX rendered to readable
        text, Markdown and plain text as they are), the limits, then every sample as an
        ```input / ```output pair. The samples are always listed, even when a Markdown
        statement shows them too: this list is the one the loop checks against, so the model
        is never left to guess which blocks of the statement are samples."""
        parts = [
            _readable(self.statement, self.statement_format).rstrip(),
            "",
            "## Limits",
            "",
            f"Time limit: {_seconds(self.time_limit_s)} per test. "
            f"Memory limit: {self.memory_mib} MiB.",
            "",
            f"## Sample tests ({len(self.samples)})",
            "",
            INTERACTIVE_SAMPLES
            if self.interactive
            else "On each sample input, a correct program prints the sample output (compared "
            "as the problem's output rules say).",
        ]
        what = (
            ("judge's test file", "judge's answer file")
            if self.interactive
            else ("input", "output")
        )
        for number, sample in enumerate(self.samples, 1):
            parts += [
                "",
                f"Sample {number} {what[0]}:",
                f"```input\n{_block(sample.input)}```",
                f"Sample {number} {what[1]}:",
                f"```output\n{_block(sample.output)}```",
            ]
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
        text = (
            text[:MAX_SAMPLE_SHOWN].rstrip("\n")
            + f"\n... ({len(text) - MAX_SAMPLE_SHOWN} more characters not shown)"
        )
    return text if text.endswith("\n") else text + "\n"


def _format_of(path: Path) -> str:
    return {".tex": "latex", ".md": "markdown"}.get(path.suffix.lower(), "text")


def load_task(
    path: Path,
    *,
    time_limit: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> Task:
    """`progress` hears what takes long: deriving the time limit by judging every accepted
    submission (minutes on a real package) says so while it runs."""
    if not path.exists():
        raise BadInput(f"{path}: no such problem package or statement file")
    if path.is_dir():
        return _from_package(load_problem(path), time_limit, progress)
    if path.suffix.lower() not in STATEMENT_FILE_SUFFIXES:
        raise BadInput(
            f"{path}: a problem is a package directory or a statement file "
            f"({', '.join(STATEMENT_FILE_SUFFIXES)})"
        )
    return _from_statement(path, time_limit)


def _from_package(
    problem: Problem, time_limit: float | None, progress: Callable[[str], None] | None = None
) -> Task:
    if problem.statement is None:
        raise BadInput(
            f"{problem.short_name}: no statement (problem_statement/problem.en.md "
            "or statement/problem.en.md) for the model to read"
        )
    cases = problem.tests("sample")
    samples = [
        Sample(t.name, _package_text(problem, t.input), _package_text(problem, t.answer))
        for t in cases
    ]
    if not samples:
        raise BadInput(f"{problem.short_name}: data/sample has no samples")
    validators = []
    for source in problem.input_validators:
        try:
            built = compile_input_validator(source)
        except UnsupportedLanguage:
            continue  # not one program: `verify` reports it
        if built.verdict is Verdict.JE:  # e.g. the build cache emptied under it, twice
            raise SolverError(
                f"judge error building the input validator {source.name}: {built.message}"
            )
        if built.program is not None:
            validators.append(built.program)
    tl = resolve_time_limit(problem, time_limit, progress=progress).seconds
    statement = _package_text(problem, problem.statement)
    functional = spec_of(problem.root)
    if functional is not None:
        statement += statement_section(functional)
    return Task(
        problem.name,
        statement,
        samples,
        tl,
        min(problem.memory_mib, 1024),
        make_checker(problem),
        validators,
        problem,
        problem.root,
        statement_format=_format_of(problem.statement),
        functional=functional,
        interactive=problem.interactive,
        interactor_args=tuple(cases[0].validator_args) if problem.interactive else (),
    )


PACKAGE_TEXT_MAX_BYTES = 4 * 1024 * 1024
"""The largest statement or sample the loop reads from a package (all of it goes to the
model, whose context is far smaller): a larger one is bad input, not a judge out of memory."""


def _package_text(problem: Problem, path: Path) -> str:
    try:
        return safe_io.read_text(path, PACKAGE_TEXT_MAX_BYTES, follow=True, errors="replace")
    except safe_io.FileTooLarge:
        raise BadInput(
            f"{problem.short_name}: {path.relative_to(problem.root)}: larger than "
            f"{PACKAGE_TEXT_MAX_BYTES // (1024 * 1024)} MiB, too large to give the model"
        ) from None
    except OSError as exc:
        raise BadInput(f"{problem.short_name}: {path.name}: {exc.strerror or exc}") from None


def _from_statement(path: Path, time_limit: float | None) -> Task:
    text = path.read_text(errors="replace")
    pairs = extract_samples(text)
    if not pairs:
        raise BadInput(
            f"{path}: no samples found (expected 'Sample Input 1' / 'Sample "
            "Output 1' blocks, an 'Examples' section, or '### Input' / '### "
            "Output' headings over ``` blocks)"
        )
    samples = [Sample(f"sample/{i}", inp, out) for i, (inp, out) in enumerate(pairs, 1)]
    tl = time_limit or stated_time_limit(text) or DEFAULT_TIME_LIMIT_S
    memory = min(stated_memory_limit(text) or 256, 1024)
    # The default checker needs a package; a throwaway one with just the samples serves.
    root = Path(tempfile.mkdtemp(prefix="solver-statement-"))
    (root / "data" / "sample").mkdir(parents=True)
    for s in samples:
        stem = root / "data" / s.name
        stem.with_suffix(".in").write_text(s.input)
        stem.with_suffix(".ans").write_text(s.output)
    (root / "problem.yaml").write_text(
        f"name: {path.stem}\nlimits:\n  time_limit: {tl}\n  memory: {memory}\n"
    )
    problem = load_problem(root)
    title = re.search(r"^#\s+(.+)$", text, re.M) or re.search(r"\\problemname\{([^}]*)\}", text)
    return Task(
        title.group(1).strip() if title else path.stem,
        text,
        samples,
        tl,
        memory,
        make_checker(problem),
        [],
        None,
        path.parent,
        statement_format=_format_of(path),
    )
