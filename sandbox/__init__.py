"""A sandbox and judge for competitive programming, usable without any model.

`sandbox` never imports `solver`: a judging pipeline can use it on its own.
"""

from sandbox.isolation import Bind, Isolation, detect
from sandbox.languages import (
    LANGUAGES,
    CompileResult,
    Language,
    Program,
    UnsupportedLanguage,
    compile_source,
    language_for,
)
from sandbox.limits import Limits
from sandbox.runner import run
from sandbox.verdict import RunResult, Verdict

__all__ = [
    "LANGUAGES",
    "Bind",
    "CompileResult",
    "Isolation",
    "Language",
    "Limits",
    "Program",
    "RunResult",
    "UnsupportedLanguage",
    "Verdict",
    "compile_source",
    "detect",
    "language_for",
    "run",
]
