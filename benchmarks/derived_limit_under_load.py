"""A derived time limit on a quiet machine and beside CPU hogs: `solver verify` derives the limit
from the accepted submission's CPU time, re-measuring the tests that decide it and keeping the
least, so that load does not move the limit. Prints each condition's derived limits and
measured slowest accepted CPU time, and the ratio of the median measurement under load to the
quiet one, measured in the same run.

    python benchmarks/derived_limit_under_load.py [--runs 5] [--hogs 2]

(This was a unit test until it failed on a loaded machine: whether the measurement lands on one
side of a rounding boundary or the other depends on the machine, which a benchmark reports and a
test cannot assert.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORK = (
    "import sys\ns = 0\nfor i in range(2_500_000):\n    s += i * i % 7\n"
    "print(sum(map(int, sys.stdin.read().split())))\n"
)
FILES = {
    "problem.yaml": "name: Sum\n",
    "problem_statement/problem.en.md": "# Sum\nAdd the numbers.\n",
    "data/sample/1.in": "1 2\n",
    "data/sample/1.ans": "3\n",
    "data/secret/1.in": "10 20\n",
    "data/secret/1.ans": "30\n",
    "submissions/accepted/sum.py": WORK,
}


def derive(root: Path, cache: Path) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-m", "solver", "verify", str(root), "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        check=False,
    )
    data = json.loads(done.stdout)
    return data["time_limit_s"], data["time_limit"]["slowest_accepted_s"]


def condition(root: Path, work: Path, runs: int, hogs: int) -> list[tuple[float, float]]:
    started = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(hogs)]
    try:
        # A fresh cache each time: nothing of an earlier derivation is reused.
        return [derive(root, Path(tempfile.mkdtemp(dir=work))) for _ in range(runs)]
    finally:
        for hog in started:
            hog.kill()
            hog.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hogs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        root = work / "sum"
        for rel, text in FILES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        quiet = condition(root, work, args.runs, 0)
        loaded = condition(root, work, args.runs, args.hogs)
    for name, results in (("quiet", quiet), (f"beside {args.hogs} hogs", loaded)):
        limits = sorted({limit for limit, _ in results})
        slowest = [s for _, s in results]
        print(
            f"{name:>16}: derived limits {limits} s; slowest accepted CPU "
            f"{min(slowest):.3f}-{max(slowest):.3f} s (median {statistics.median(slowest):.3f})"
        )
    ratio = statistics.median(s for _, s in loaded) / statistics.median(s for _, s in quiet)
    print(f"median measurement under load / quiet: {ratio:.2f}x")


if __name__ == "__main__":
    main()
