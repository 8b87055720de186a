"""The loop's own overhead per round, with a zero-latency scripted model.

A round's wall time splits into time inside model requests (the scripted server answers at
once, so this is HTTP and JSON), time inside the sandbox (every sandboxed execution: candidates,
the brute force, validators, the hypothesis drivers), and the rest: the loop's own work
(parsing, bookkeeping, checking outputs, files). The last is printed as a share of the round.

Each case runs twice per repeat: without the independent fast solutions (`alternatives` 0,
the loop as it was before them) and with one (the default); the ratio of their median wall
times is the cost of the `alt` oracle, measured in the same run.

    python benchmarks/loop_overhead.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sandbox.runner  # noqa: E402
from solver.client import ModelClient  # noqa: E402
from solver.config import ModelConfig  # noqa: E402
from solver.loop import Budget, Loop  # noqa: E402
from solver.task import load_task  # noqa: E402
from tests.scripted_model import ScriptedModel  # noqa: E402
from tests.test_solve import POSITIVES_ONLY, RIGHT, STATEMENT, code, script  # noqa: E402

_real_run = sandbox.runner.run
sandbox_seconds = 0.0


def _timed_run(*args, **kwargs):  # type: ignore[no-untyped-def]
    global sandbox_seconds
    start = time.perf_counter()
    try:
        return _real_run(*args, **kwargs)
    finally:
        sandbox_seconds += time.perf_counter() - start


def one_solve(
    statement: Path, draft: str, alternatives: int = 1
) -> tuple[int, float, float, float]:
    """(rounds, total seconds, model seconds, sandbox seconds) of one loop."""
    global sandbox_seconds
    sandbox_seconds = 0.0
    with ScriptedModel(script(draft=[code(draft)])) as model:
        client = ModelClient(
            ModelConfig(base_url=model.base_url, model="scripted-model", retries=0)
        )
        # One request and one run at a time, so that model, sandbox and loop times add up
        # to the wall time instead of overlapping.
        budget = Budget(rounds=3, alternatives=alternatives)
        loop = Loop(load_task(statement), client, budget, jobs=1, model_concurrency=1)
        start = time.perf_counter()
        outcome = loop.solve()
        total = time.perf_counter() - start
    assert outcome.verified
    model_s = sum(u.seconds for u in client.usage.values())
    return len(loop.rounds), total, model_s, sandbox_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sandbox.runner.run = _timed_run  # every sandboxed execution goes through here
    with tempfile.TemporaryDirectory() as tmp:
        statement = Path(tmp) / "sum.md"
        statement.write_text(STATEMENT)
        for label, draft in (("right first time", RIGHT), ("one repair", POSITIVES_ONLY)):
            shares, per_round, totals, without = [], [], [], []
            for _ in range(args.repeat):
                without.append(one_solve(statement, draft, alternatives=0)[1])
                rounds, total, model_s, box_s = one_solve(statement, draft)
                totals.append(total)
                loop_s = total - model_s - box_s
                shares.append(loop_s / total)
                per_round.append(loop_s / rounds)
            ratio = statistics.median(totals) / statistics.median(without)
            print(
                f"{label:17} rounds {rounds}  total {total:6.2f} s  model {model_s:5.2f} s  "
                f"sandbox {box_s:6.2f} s  loop {statistics.median(per_round):5.3f} s/round  "
                f"loop share {statistics.median(shares) * 100:4.1f}%  "
                f"with alt / without {ratio:.2f}x  "
                f"(median of {args.repeat})"
            )


if __name__ == "__main__":
    main()
