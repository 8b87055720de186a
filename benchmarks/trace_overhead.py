"""Tracing overhead: a traced run against a plain sandboxed run of the same loop-heavy
program, measured in the same run, with the frame bound not reached (everything recorded) and
reached early (recording stops, the program runs on untraced).

    python benchmarks/trace_overhead.py [--iterations 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sandbox import compile_source, traces
from sandbox.limits import Limits

PROGRAM = """\
def work(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            total += i
        else:
            total -= 1
    return total

print(work(int(input())))
"""


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    limits = Limits(time_s=60, memory_mib=1024)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "work.py"
        src.write_text(PROGRAM)
        stdin = Path(tmp) / "in.txt"
        stdin.write_text(f"{args.iterations}\n")
        program = compile_source(src).program
        assert program is not None
        expected = program.run(limits, stdin=stdin).stdout

        def plain() -> None:
            assert program.run(limits, stdin=stdin).stdout == expected

        def full() -> None:
            r = traces.record(
                PROGRAM, stdin=stdin, entry="work", limits=limits, max_frames=10**7, max_bytes=10**9
            )
            assert r.run.stdout == expected and not r.trace.cut
            sizes.append(len(r.trace.frames))

        def bounded() -> None:
            r = traces.record(PROGRAM, stdin=stdin, entry="work", limits=limits, max_frames=1000)
            assert r.run.stdout == expected and r.trace.cut

        sizes: list[int] = []
        rows = {"plain": [], "full": [], "bounded": []}
        for _ in range(args.repeat):
            rows["plain"].append(timed(plain))
            rows["full"].append(timed(full))
            rows["bounded"].append(timed(bounded))
    base = statistics.median(rows["plain"])
    print(
        f"loop of {args.iterations} iterations; plain sandboxed run {base:.3f} s "
        f"(median of {args.repeat})"
    )
    print(
        f"traced, bound not reached ({sizes[0]} frames): "
        f"{statistics.median(rows['full']):.3f} s, {statistics.median(rows['full']) / base:.1f}x"
    )
    print(
        f"traced, bound reached (cut at 1000 frames): "
        f"{statistics.median(rows['bounded']):.3f} s, "
        f"{statistics.median(rows['bounded']) / base:.1f}x"
    )


if __name__ == "__main__":
    main()
