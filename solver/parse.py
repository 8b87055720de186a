"""Reading model replies: fenced blocks, Python code that parses, predicted outputs.

Replies may hold reasoning, prose, several blocks or none, or stop half-way: every function here
returns None (or an empty list) for what it cannot use, never raises.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<tag>[^\s`]*)[^\n]*$", re.M)
PYTHON_TAGS = ("python", "python3", "py", "py3")


@dataclass(frozen=True)
class Block:
    tag: str
    body: str
    closed: bool


def blocks(text: str) -> list[Block]:
    """Fenced blocks in order; an unclosed last block is returned with `closed=False`."""
    found: list[Block] = []
    pos = 0
    while True:
        opening = _FENCE.search(text, pos)
        if opening is None:
            return found
        fence = opening.group("fence")
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
        start = opening.end() + 1
        end = closing.search(text, start)
        if end is None:
            found.append(Block(opening.group("tag").lower(), text[start:], closed=False))
            return found
        found.append(Block(opening.group("tag").lower(), text[start : end.start()], closed=True))
        pos = end.end()


def python_code(text: str) -> str | None:
    """The first complete Python block that parses (a tagged one first, then an untagged one).
    Truncated or broken code gives None."""
    candidates = [b for b in blocks(text) if b.closed and b.tag in PYTHON_TAGS]
    candidates += [b for b in blocks(text) if b.closed and b.tag == ""]
    for block in candidates:
        code = block.body.strip("\n")
        if code.strip() and _parses(code):
            return code + "\n"
    return None


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def output_block(text: str, tags: tuple[str, ...] = ("output", "")) -> str | None:
    """The last closed block with one of `tags` (the final answer usually comes last)."""
    chosen = [b for b in blocks(text) if b.closed and b.tag in tags]
    if not chosen:
        return None
    body = chosen[-1].body
    return body if body.endswith("\n") else body + "\n"


def input_blocks(text: str) -> list[str]:
    """Every closed ```input block (untagged ones too), each as stdin text ending in newline."""
    result = []
    for b in blocks(text):
        if b.closed and b.tag in ("input", "", "text", "txt", "stdin"):
            body = b.body if b.body.endswith("\n") else b.body + "\n"
            if body.strip():
                result.append(body)
    return result


def tokens(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def majority(outputs: list[str]) -> tuple[str | None, int]:
    """The most common output (compared token by token) and how many agreed; None on a tie."""
    if not outputs:
        return None, 0
    counts = Counter(tokens(o) for o in outputs)
    ranked = counts.most_common()
    best, votes = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == votes:
        return None, votes
    return next(o for o in outputs if tokens(o) == best), votes


def bounds_rows(text: str) -> list[tuple[str, str, str, str]] | None:
    """The rows `name low high kind` of the last ```bounds block (numbers as written: `2*10^5`
    stays text for `solver.bounds` to read); None without a usable row."""
    chosen = [b for b in blocks(text) if b.closed and b.tag == "bounds"]
    if not chosen:
        return None
    rows = []
    for line in chosen[-1].body.splitlines():
        parts = line.replace("\t", " ").split()
        if len(parts) == 4:
            rows.append((parts[0], parts[1], parts[2], parts[3].lower()))
    return rows or None
