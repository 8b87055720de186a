"""Characters written as their Python escapes, for text that quotes what a program wrote."""

from __future__ import annotations

import re


def escaped(pattern: re.Pattern[str], text: str) -> str:
    """`text` with every character `pattern` matches written as its escape (`\\x1b`, `\\n`)."""
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
