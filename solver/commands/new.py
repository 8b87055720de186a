"""`solver new NAME`: a problem package skeleton that `solver verify` passes as written.

The skeleton is a complete small problem (the sum of a list of integers): a statement with
samples, an input validator, a deterministic generator of the secret tests (run once here), an
accepted and a wrong submission. docs/packages.md walks through turning it into a problem.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from solver.console import out, untrusted
from solver.errors import BadInput, SolverError

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def register(app: typer.Typer) -> None:
    app.command("new")(new_command)


def _title(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split("-") if word)


def _files(title: str) -> dict[str, str]:
    return {
        "problem.yaml": f"""\
name: {title}
# Set by you, or left out: then `solver verify` derives it from the accepted submissions.
limits:
  time_limit: 1
  memory: 256
""",
        "problem_statement/problem.en.md": f"""\
# {title}

You are given $n$ integers. Print their sum.

## Input

The first line contains an integer $n$ ($1 \\le n \\le 1000$). The second line contains $n$
integers $a_1, \\ldots, a_n$ ($-10^9 \\le a_i \\le 10^9$), separated by single spaces.

## Output

Print one integer: $a_1 + \\cdots + a_n$.

## Sample 1

### Input
```
3
1 2 3
```

### Output
```
6
```

## Sample 2

### Input
```
2
-5 5
```

### Output
```
0
```
""",
        "data/sample/1.in": "3\n1 2 3\n",
        "data/sample/1.ans": "6\n",
        "data/sample/2.in": "2\n-5 5\n",
        "data/sample/2.ans": "0\n",
        "input_validators/validate/validate.py": """\
# Input validator: reads one test input on stdin, exits 42 if it is valid, 43 (with a reason on
# stderr) if not. It checks the format exactly: every space and newline, every bound.
import re
import sys


def fail(reason):
    sys.stderr.write(reason + "\\n")
    sys.exit(43)


INT = rb"(?:0|-?[1-9][0-9]*)"
data = sys.stdin.buffer.read()
m = re.fullmatch(rb"(" + INT + rb")\\n(" + INT + rb"(?: " + INT + rb")*)\\n", data)
if not m:
    fail("expected a line with n, then a line of integers separated by single spaces")
n = int(m.group(1))
values = [int(v) for v in m.group(2).split()]
if not 1 <= n <= 1000:
    fail(f"n = {n} is out of range")
if len(values) != n:
    fail(f"n = {n} but {len(values)} integers follow")
if any(not -10**9 <= v <= 10**9 for v in values):
    fail("a value is out of range")
sys.exit(42)
""",
        "generators/gen.py": """\
# Writes data/secret/ afresh: run from anywhere, `python3 generators/gen.py`. Deterministic
# (fixed seed), so the tests can be regenerated and reviewed.
import os
import random
import shutil

random.seed(1)
LIMIT = 10**9

cases = [
    [0],                                # smallest n
    [LIMIT] * 1000,                     # largest sum: more than 32 bits hold
    [-LIMIT] * 1000,                    # smallest sum
    [LIMIT, -LIMIT, 7],                 # cancelling values
]
for n in (1, 10, 100, 1000):
    cases.append([random.randint(-LIMIT, LIMIT) for _ in range(n)])

secret = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")
shutil.rmtree(secret, ignore_errors=True)
os.makedirs(secret)
for number, values in enumerate(cases, 1):
    name = os.path.join(secret, f"{number:02d}")
    with open(name + ".in", "w") as f:
        f.write(f"{len(values)}\\n{' '.join(map(str, values))}\\n")
    with open(name + ".ans", "w") as f:
        f.write(f"{sum(values)}\\n")
""",
        "submissions/accepted/sum.py": """\
import sys

data = sys.stdin.read().split()
n = int(data[0])
print(sum(map(int, data[1 : n + 1])))
""",
        "submissions/wrong_answer/absolute.py": """\
# Wrong: adds the absolute values (sample 2 already shows it).
import sys

data = sys.stdin.read().split()
print(sum(abs(int(v)) for v in data[1:]))
""",
    }


def new_command(
    name: Annotated[
        Path,
        typer.Argument(
            help="Folder to create; its name (lowercase letters, digits, '-') is the problem's "
            "short name."
        ),
    ],
) -> None:
    """Write a problem package skeleton that `solver verify` passes as it is.

    A small complete problem (the sum of a list of integers) in the Kattis problem package
    layout: problem.yaml, the statement with two samples, an input validator, a generator that
    writes data/secret (run once here), an accepted and a wrong-answer submission. Change it
    into your problem step by step, running `solver verify NAME` after each step; the steps
    are in docs/packages.md.

    Example:

        solver new my-problem && solver verify my-problem
    """
    if not _NAME.fullmatch(name.name):
        raise BadInput(
            f"{name.name!r}: a problem's short name is lowercase letters, digits and '-', "
            "starting with a letter or digit"
        )
    if name.exists() and (not name.is_dir() or any(name.iterdir())):
        raise BadInput(f"{name}: already exists (pick a new folder)")
    if not name.parent.is_dir():
        raise BadInput(f"{name.parent}: no such directory")
    for rel, text in _files(_title(name.name)).items():
        path = name / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    generator = name / "generators" / "gen.py"
    made = subprocess.run(
        [sys.executable, str(generator)], capture_output=True, text=True, timeout=120
    )
    if made.returncode != 0:
        raise SolverError(f"{generator}: the generator failed: {made.stderr.strip()[-300:]}")
    tests = len(list((name / "data" / "secret").glob("*.in")))
    out.print(
        f"wrote {untrusted(str(name))}: statement, 2 samples, {tests} secret tests, an input "
        f"validator, a generator, an accepted and a wrong submission.\n"
        f"Next: solver verify {untrusted(str(name))}  (then docs/packages.md)"
    )
