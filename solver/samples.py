"""Samples and limits in a statement pasted from a judge's page or written in Markdown/LaTeX.

Handles the shapes people actually paste: Markdown headings with fenced blocks, LaTeX sections
with verbatim blocks, AtCoder's "Sample Input 1" / "Copy" / "Sample Output 1" (and 入力例 /
出力例), Codeforces' "Examples" section with "input" / "output" (or "inputCopy") labels, and
Kattis' "Sample Input 1" / "Sample Output 1".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SAMPLE_WORD = r"(?:sample|example)s?"
# A line that labels one sample block, and nothing else: the whole line must match, so that
# prose like "Input is given from Standard Input in the following format:" is not a label.
_LABEL = re.compile(
    r"^(?:#{1,6}\s*|\\(?:sub)*section\*?\{\s*)?"
    r"(?:(?P<sample>" + _SAMPLE_WORD + r")\s*(?:(?P<n1>\d+)\s*)?(?:[:.\-–]\s*)?)?"
    r"(?P<kind>input|output)"
    r"(?:\s*(?P<sample2>" + _SAMPLE_WORD + r"))?"
    r"(?:\s*#?\s*(?P<n2>\d+))?"
    r"\s*(?P<copy>copy)?\s*[:.]?\s*\}?\s*$",
    re.I,
)
_JAPANESE = re.compile(r"^(?:#{1,6}\s*)?(?P<kind>入力|出力)例\s*(?P<n>\d+)?\s*(?:copy)?\s*$", re.I)
# "Examples", "## Sample 2", "Sample Tests": the start of a section whose input/output labels
# are samples even when they do not say so (Codeforces).
_SECTION = re.compile(
    r"^(?:#{1,6}\s*|\\(?:sub)*section\*?\{\s*)?"
    + _SAMPLE_WORD
    + r"(?:\s*(?:tests?|cases?))?\s*\d*\s*[:.]?\s*\}?$",
    re.I,
)
# Headings that end a plain-text sample block and an examples section.
_OTHER_HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:notes?|explanations?|hints?|constraints|"
    r"scoring|subtasks?|problem statement|注意|解説)\s*:?$",
    re.I,
)


@dataclass(frozen=True)
class _Label:
    kind: str
    """`input` or `output`."""
    marked: bool
    """Says by itself that it labels a sample (a sample word, a number, "Copy")."""


def _label(line: str) -> _Label | None:
    text = line.strip().strip("*").strip()
    m = _LABEL.match(text)
    if m:
        marked = any(m.group(g) for g in ("sample", "sample2", "n1", "n2", "copy"))
        return _Label(m.group("kind").lower(), bool(marked))
    j = _JAPANESE.match(text)
    if j:
        return _Label("input" if j.group("kind") == "入力" else "output", True)
    return None


def _is_heading(line: str) -> bool:
    text = line.strip().strip("*").strip()
    # "#..#" is a grid row, not a Markdown heading: a heading has a space and a word.
    return bool(
        _label(line)
        or _SECTION.match(text)
        or _OTHER_HEADING.match(text)
        or re.match(r"#{1,6}\s+\w", text)
    )


def extract_samples(text: str) -> list[tuple[str, str]]:
    """Sample (input, output) pairs, in order. An input label followed by an output label makes
    one pair; the block under a label is a fenced or verbatim block, or plain text up to the
    next blank line or heading. Plain text counts only under a label that says it is a sample
    (or inside an examples section): a Markdown "## Input" section describes the format."""
    lines = text.splitlines()
    found: list[tuple[str, str]] = []
    pending: str | None = None
    in_examples = False
    i = 0
    while i < len(lines):
        stripped = lines[i].strip().strip("*").strip()
        if _SECTION.match(stripped):
            in_examples = True
            i += 1
            continue
        if _OTHER_HEADING.match(stripped):
            in_examples = False
            i += 1
            continue
        label = _label(lines[i])
        if label is None:
            i += 1
            continue
        body, fenced, i = _block_after(lines, i + 1)
        if body is None or not (fenced or label.marked or in_examples):
            continue
        if label.kind == "input":
            pending = body
        elif pending is not None:
            if (pending, body) not in found:  # a page pasted in two languages repeats them
                found.append((pending, body))
            pending = None
    return found


def _block_after(lines: list[str], i: int) -> tuple[str | None, bool, int]:
    """The block that starts at or after line `i`: (text, fenced?, index after it)."""
    while i < len(lines) and (not lines[i].strip() or lines[i].strip().lower() == "copy"):
        i += 1
    if i >= len(lines):
        return None, False, i
    start = lines[i].strip()
    if start.startswith(("```", "~~~")) or start.startswith("\\begin{verbatim}"):
        end_mark = "\\end{verbatim}" if start.startswith("\\begin") else start[:3]
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(end_mark):
            j += 1
        return "\n".join(lines[i + 1 : j]) + "\n", True, j + 1
    if _is_heading(start):
        return None, False, i
    j = i
    while j < len(lines) and lines[j].strip() and not _is_heading(lines[j]):
        j += 1
    return "\n".join(line.strip() for line in lines[i:j]) + "\n", False, j


def stated_time_limit(text: str) -> float | None:
    """Seconds, from "Time Limit: 2 sec" (AtCoder), "time limit per test1 second" (Codeforces)
    or "Time limit: 1 second"."""
    m = re.search(r"time limit[^0-9\n]{0,20}(\d+(?:\.\d+)?)\s*(?:s\b|sec|second)", text, re.I)
    return float(m.group(1)) if m else None


def stated_memory_limit(text: str) -> int | None:
    """MiB, from "Memory Limit: 1024 MB" or "memory limit per test256 megabytes"."""
    m = re.search(
        r"memory limit[^0-9\n]{0,20}(\d+)\s*(mi?b|megabytes?|gi?b|gigabytes?)\b", text, re.I
    )
    if not m:
        return None
    value = int(m.group(1))
    return value * 1024 if m.group(2).lower().startswith("g") else value
