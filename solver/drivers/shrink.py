"""Inside the sandbox: find the smallest input on which two programs disagree.

Usage: python shrink.py '{"size": "small", "max_examples": 200, "timeout": 2.0}'
`generator.py` (the model's `inputs(size)` strategy), `candidate.py` and `reference.py` lie
beside this file. Hypothesis searches for an input where the candidate's output differs from
the reference's (or the candidate fails while the reference does not) and shrinks it. Prints
{"input": TEXT or null, "examples": N}.
"""

import json
import os
import subprocess
import sys

from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

import generator

spec = json.loads(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
tried = 0


def run(name: str, text: str) -> tuple[bool, tuple[str, ...]]:
    try:
        proc = subprocess.run(
            [sys.executable, "-B", os.path.join(here, name)],
            input=text,
            capture_output=True,
            text=True,
            timeout=spec["timeout"],
        )
    except subprocess.TimeoutExpired:
        return False, ()
    return proc.returncode == 0, tuple(proc.stdout.split())


def disagree(text: object) -> bool:
    global tried
    if not isinstance(text, str) or not text.strip():
        return False
    tried += 1
    text = text if text.endswith("\n") else text + "\n"
    ref_ok, ref = run("reference.py", text)
    if not ref_ok:
        return False  # the reference cannot judge this input
    ok, out = run("candidate.py", text)
    return not ok or out != ref


try:
    found = find(
        generator.inputs(spec["size"]),
        disagree,
        settings=settings(
            max_examples=spec["max_examples"],
            database=None,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
except NoSuchExample:
    found = None
if isinstance(found, str) and not found.endswith("\n"):
    found += "\n"
json.dump({"input": found, "examples": tried}, sys.stdout)
