"""Differential stress throughput: comparisons per second of a candidate against a brute force,
run through the warm fork server (`solver.warm.run_batch`, one sandbox per program per batch)
against the naive way (a fresh sandbox and interpreter for every run of either program).

Problem: the shipped max-subarray; candidate = its accepted Kadane, brute force = its O(n^2)
all-starts submission, on seeded random small inputs. Both ways run on the same inputs in the
same run, in alternating rounds, and must agree with each other on every output. Absolute times
on shared machines are noise; the ratio is the figure.

    python benchmarks/stress_throughput.py [--inputs 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sandbox import Limits
from sandbox.languages import Program, Python3
from solver.warm import run_batch

ROOT = Path(__file__).resolve().parent.parent / "problems" / "max-subarray" / "submissions"
CANDIDATE = ROOT / "accepted" / "kadane.py"
BRUTE = ROOT / "time_limit_exceeded" / "all_starts.py"
LIMITS = Limits(time_s=2.0, memory_mib=256)


def make_inputs(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    inputs = []
    for _ in range(count):
        n = rng.randint(1, 30)
        values = [rng.randint(-20, 20) for _ in range(n)]
        inputs.append(f"{n}\n{' '.join(map(str, values))}\n")
    return inputs


def naive(inputs: list[str], work: Path) -> list[tuple[str, str]]:
    """One sandbox run per program per input, as the loop runs tests today."""
    programs = []
    for source in (CANDIDATE, BRUTE):
        box = work / source.stem
        box.mkdir(exist_ok=True)
        box.chmod(0o755)
        (box / "main.py").write_text(source.read_text())
        (box / "main.py").chmod(0o644)
        programs.append(Program(Python3(), box, Python3().run_template("main.py")))
    outputs = []
    stdin = work / "stdin.txt"
    for text in inputs:
        stdin.write_text(text)
        cand, brute = (p.run(LIMITS, stdin=stdin) for p in programs)
        outputs.append((cand.stdout.decode(), brute.stdout.decode()))
    return outputs


def warm(inputs: list[str]) -> list[tuple[str, str]]:
    cand = run_batch(CANDIDATE.read_text(), inputs, LIMITS, deadline_s=600)
    brute = run_batch(BRUTE.read_text(), inputs, LIMITS, deadline_s=600)
    assert len(cand) == len(brute) == len(inputs)
    return [(c.stdout, b.stdout) for c, b in zip(cand, brute, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=60, help="comparisons per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    naive_rates, warm_rates = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        warm(make_inputs(2, 0)), naive(make_inputs(2, 0), work)  # warm caches
        for round_no in range(args.rounds):
            inputs = make_inputs(args.inputs, round_no + 1)
            start = time.perf_counter()
            slow = naive(inputs, work)
            naive_rates.append(len(inputs) / (time.perf_counter() - start))
            start = time.perf_counter()
            fast = warm(inputs)
            warm_rates.append(len(inputs) / (time.perf_counter() - start))
            assert slow == fast, "the two ways disagree on an output"
            assert all(c == b for c, b in fast), "candidate and brute force disagree"
    naive_rate, warm_rate = statistics.median(naive_rates), statistics.median(warm_rates)
    print(f"max-subarray, {args.inputs} comparisons x {args.rounds} rounds (medians):")
    print(f"  naive, one sandbox per run:   {naive_rate:8.1f} comparisons/s")
    print(f"  warm fork server (run_batch): {warm_rate:8.1f} comparisons/s")
    print(f"  ratio warm/naive: {warm_rate / naive_rate:.1f}x")


if __name__ == "__main__":
    main()
