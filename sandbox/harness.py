"""The program that runs a functional submission: `class Solution`'s method called on the
test's arguments (one JSON value per line of stdin), its return value written to stdout by an
encoder the grading mode chooses (JSON for the judge's own checker, a Python literal for
LiveCodeBench's). What the solution prints goes to stderr, a debugging aid, not its answer."""

from __future__ import annotations

_TEMPLATE = """\
import contextlib as _contextlib
import json as _json
import linecache as _linecache
import math as _math
import sys as _sys

_CODE = {code!r}
_METHOD = {method!r}
_PRELUDE = {prelude!r}

{encoder}

def _main():
    args = [_json.loads(line) for line in _sys.stdin.read().split("\\n") if line.strip()]
    space = {{"__name__": "solution"}}
    exec(_PRELUDE, space)
    _linecache.cache["solution.py"] = (len(_CODE), None, _CODE.splitlines(True), "solution.py")
    with _contextlib.redirect_stdout(_sys.stderr):
        exec(compile(_CODE, "solution.py", "exec"), space)
        if not isinstance(space.get("Solution"), type):
            raise SystemExit("the solution defines no class Solution")
        method = getattr(space["Solution"](), _METHOD, None)
        if method is None:
            raise SystemExit("class Solution has no method " + _METHOD)
        result = method(*args)
    _sys.stdout.write(_encode(result) + "\\n")


_main()
"""


def wrap(code: str, method: str, *, prelude: str, encoder: str) -> str:
    """A stdin/stdout program around `code`; `encoder` is the source of `_encode(result) ->
    str`. Code that does not parse is returned as it is, so that building it reports the
    syntax error with the solution's own line numbers."""
    try:
        compile(code, "solution.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return code
    return _TEMPLATE.format(code=code, method=method, prelude=prelude, encoder=encoder.strip())
