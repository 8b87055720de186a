"""Batch concurrency: wall time of `solver batch -j 8` against `-j 1` over 16 problems, with a
scripted model that answers every request after a fixed delay (so the ratio shows whether
requests of concurrent problems overlap), and the orchestration overhead (batch wall time not
spent inside any problem, at -j 1).

The problems are 16 small generated packages; the model 'knows' their answers. The response
cache is off so that every run pays the delay.

    python benchmarks/batch_scaling.py [--problems 16] [--delay 0.5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scripted_model import ScriptedModel, solving_script  # noqa: E402

SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n"


def make_problems(root: Path, count: int) -> list[Path]:
    packages = []
    for i in range(count):
        pkg = root / f"sum-{i:02}"
        (pkg / "data" / "sample").mkdir(parents=True)
        (pkg / "data" / "secret").mkdir(parents=True)
        (pkg / "submissions" / "accepted").mkdir(parents=True)
        (pkg / "problem_statement").mkdir()
        (pkg / "problem.yaml").write_text(f"name: Sum {i}\nlimits:\n  time_limit: 1\n")
        (pkg / "problem_statement" / "problem.en.md").write_text(
            f"# Sum {i}\n\nPrint a + b (problem {i}).\n\n## Sample\n\n### Input\n```\n{i} 1\n"
            f"```\n### Output\n```\n{i + 1}\n```\n"
        )
        (pkg / "data" / "sample" / "1.in").write_text(f"{i} 1\n")
        (pkg / "data" / "sample" / "1.ans").write_text(f"{i + 1}\n")
        for j in range(3):
            (pkg / "data" / "secret" / f"{j}.in").write_text(f"{i * j} {j}\n")
            (pkg / "data" / "secret" / f"{j}.ans").write_text(f"{i * j + j}\n")
        (pkg / "submissions" / "accepted" / "sum.py").write_text(SOLUTION)
        packages.append(pkg)
    return packages


def run(problems: list[Path], model: ScriptedModel, jobs: int, out: Path) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "solver",
            "batch",
            *map(str, problems),
            "--out",
            str(out),
            "-j",
            str(jobs),
            "--no-cache",
            "--base-url",
            model.base_url,
            "--model",
            "scripted-model",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1"},
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    inside = sum(
        json.loads(line)["seconds"] for line in (out / "results.jsonl").read_text().splitlines()
    )
    return wall, inside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        problems = make_problems(Path(tmp) / "set", args.problems)
        with ScriptedModel(solving_script(problems), delay_s=args.delay) as model:
            run(problems[:1], model, 1, Path(tmp) / "warm")  # builds, derived limits
            one, inside_one = run(problems, model, 1, Path(tmp) / "j1")
            eight, _ = run(problems, model, 8, Path(tmp) / "j8")
            requests = len([r for r in model.requests if r.path.endswith("/completions")])
    print(
        f"{args.problems} problems, {args.delay:g} s per model request, {requests} requests in all"
    )
    print(f"-j 1: {one:6.1f} s   -j 8: {eight:6.1f} s   speed-up {one / eight:4.2f}x")
    overhead = one - inside_one
    print(
        f"orchestration overhead at -j 1: {overhead:.2f} s of {one:.1f} s "
        f"({overhead / one * 100:.1f}%; process start, endpoint check, summary)"
    )


if __name__ == "__main__":
    main()
