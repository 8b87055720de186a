"""The loop's wall time on easy problems against another revision of this project, measured
in the same run (issue 16's goal: no more than 1.5x the loop before it).

Each revision is checked out into a temporary git worktree and run as `python -m solver solve`
with that tree first on PYTHONPATH, so both use this machine's interpreter and packages. The
model is the tests' solving stand-in (tests/scripted_model.py of this tree: the package's
accepted submission as draft, brute force and alternative, predictions by running it),
answering at once: what is timed is the loop's own work and its sandboxed runs. Runs are
interleaved (this tree, the other, this tree, ...) so machine noise affects both alike; one
unmeasured warm-up run per revision and problem fills its build cache first.

    python benchmarks/loop_wall_vs_rev.py --rev b55f500 [--repeat 3] [problems/add-two ...]

Prints, per problem, the median wall time of each revision and the ratio this / other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scripted_model import ScriptedModel, solving_script  # noqa: E402

DEFAULT_PROBLEMS = ("add-two", "range-sums", "max-subarray")


def solve_once(tree: Path, cache: Path, problem: Path, base_url: str, out: Path) -> float:
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "XDG_CACHE_HOME": str(cache),
    }
    start = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "solver",
            "solve",
            str(problem),
            "--base-url",
            base_url,
            "--model",
            "scripted-model",
            "--output",
            str(out / "solution.py"),
            "--report",
            str(out / "report.json"),
        ],
        env=env,
        cwd=out,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    wall = time.monotonic() - start
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"{tree}: solve {problem.name} exited {proc.returncode}: {tail}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", required=True, help="the revision to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("problems", nargs="*", type=Path)
    args = parser.parse_args()
    problems = [p.resolve() for p in args.problems] or [
        ROOT / "problems" / name for name in DEFAULT_PROBLEMS
    ]
    with tempfile.TemporaryDirectory(prefix="loop-vs-", dir=Path.home()) as tmp:
        work = Path(tmp)
        other = work / "other"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), args.rev],
            check=True,
            capture_output=True,
        )
        try:
            trees = {"this": ROOT, args.rev: other}
            caches = {name: work / f"cache-{i}" for i, name in enumerate(trees)}
            walls: dict[tuple[str, str], list[float]] = {}
            with ScriptedModel(solving_script(problems)) as model:
                for problem in problems:
                    for name, tree in trees.items():  # warm-up: builds, derived limits
                        out = Path(tempfile.mkdtemp(dir=work))
                        solve_once(tree, caches[name], problem, model.base_url, out)
                    for _ in range(args.repeat):
                        for name, tree in trees.items():
                            out = Path(tempfile.mkdtemp(dir=work))
                            wall = solve_once(tree, caches[name], problem, model.base_url, out)
                            walls.setdefault((problem.name, name), []).append(wall)
            load = os.getloadavg()[0]
            print(f"loop wall time, median of {args.repeat} (load average {load:.1f})")
            for problem in problems:
                mine = statistics.median(walls[(problem.name, "this")])
                theirs = statistics.median(walls[(problem.name, args.rev)])
                print(
                    f"  {problem.name:<16} this {mine:7.2f} s   {args.rev} {theirs:7.2f} s"
                    f"   ratio {mine / theirs:5.2f}x"
                )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)],
                capture_output=True,
            )


if __name__ == "__main__":
    main()
