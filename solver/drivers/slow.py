"""Inside the sandbox: search the generator's inputs of one size for the slowest for a program.

Usage: python slow.py '{"size": "large", "max_examples": 12, "timeout": 4.0}'
`generator.py` (the model's `inputs(size)` strategy) and `candidate.py` lie beside this file.
Hypothesis draws inputs and, through `target()`, steers towards those on which the candidate
uses the most CPU time (its children's rusage). Prints {"input": TEXT or null, "seconds": S,
"examples": N}. A run that reaches `timeout` ends the search: nothing slower can be told.
"""

import contextlib
import json
import os
import resource
import subprocess
import sys

from hypothesis import HealthCheck, Phase, given, settings, target

import generator

spec = json.loads(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
best: dict[str, object] = {"input": None, "seconds": 0.0}
tried = 0


class TimedOut(Exception):
    pass


def cpu_seconds(text: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        subprocess.run(
            [sys.executable, "-B", os.path.join(here, "candidate.py")],
            input=text,
            capture_output=True,
            text=True,
            timeout=spec["timeout"],
        )
    except subprocess.TimeoutExpired:
        return float(spec["timeout"])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@settings(
    max_examples=spec["max_examples"],
    database=None,
    derandomize=True,
    deadline=None,
    phases=[Phase.generate, Phase.target],
    suppress_health_check=list(HealthCheck),
)
@given(generator.inputs(spec["size"]))
def search(text: object) -> None:
    global tried
    if not isinstance(text, str) or not text.strip():
        return
    text = text if text.endswith("\n") else text + "\n"
    tried += 1
    seconds = cpu_seconds(text)
    target(seconds, label="cpu seconds")
    if best["input"] is None or seconds > float(str(best["seconds"])):
        best.update(input=text, seconds=round(seconds, 4))
    if seconds >= spec["timeout"]:
        raise TimedOut


with contextlib.suppress(Exception):  # TimedOut, or hypothesis reporting it: `best` is kept
    search()
json.dump({**best, "examples": tried}, sys.stdout)
