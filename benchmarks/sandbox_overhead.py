"""Per-run cost of the sandbox against a bare `subprocess.run` of the same program, and the
speed-up of judging with -j 2 over -j 1 on a package with many small tests, and what copying
the program's folder into the sandbox (rather than binding it, which shows its host path in the
sandbox's mount table) costs a run.

Both sides of each ratio are measured in the same run, interleaved, so machine noise affects
them alike. Absolute times on shared machines are noise; the ratios are the figures. The
minimum is printed beside the median: on a loaded machine it is the steadier estimate of a
fixed cost.

    python benchmarks/sandbox_overhead.py [--runs 40] [--tests 60]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from sandbox import Limits, compile_source, detect, isolation
from sandbox.judge import judge_program, limits_for, make_checker
from sandbox.package import load_problem

PY = "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n"
C = (
    '#include <stdio.h>\nint main(){long long a,b;if(scanf("%lld %lld",&a,&b)!=2)return 1;'
    'printf("%lld\\n",a+b);return 0;}\n'
)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def per_run(source: Path, stdin: Path, runs: int) -> tuple[float, float, float, float]:
    program = compile_source(source).program
    assert program is not None
    bare_argv = program.argv(str(program.directory), 256)
    limits = Limits(time_s=2)

    def bare() -> None:
        with open(stdin, "rb") as f:
            subprocess.run(bare_argv, stdin=f, capture_output=True, check=True)

    def boxed() -> None:
        result = program.run(limits, stdin=stdin)
        assert result.stdout == b"3\n", result

    bare(), boxed()  # warm caches
    bare_times, boxed_times = [], []
    for _ in range(runs):
        bare_times.append(timed(bare))
        boxed_times.append(timed(boxed))
    return (
        statistics.median(bare_times),
        statistics.median(boxed_times),
        min(bare_times),
        min(boxed_times),
    )


def copy_versus_bind(source: Path, stdin: Path, runs: int) -> tuple[float, float]:
    """Median run time with the program's folder (and judge files) copied into the sandbox, as
    the judge does, and bound from the host instead, interleaved."""
    program = compile_source(source).program
    assert program is not None
    copy_args = isolation._copy_args
    copied, bound = [], []
    try:
        for _ in range(runs):
            isolation._copy_args = copy_args
            copied.append(timed(lambda: program.run(Limits(time_s=2), stdin=stdin)))
            isolation._copy_args = lambda *args: None
            bound.append(timed(lambda: program.run(Limits(time_s=2), stdin=stdin)))
    finally:
        isolation._copy_args = copy_args
    return statistics.median(copied), statistics.median(bound)


def make_package(root: Path, tests: int) -> Path:
    (root / "data" / "secret").mkdir(parents=True)
    (root / "problem.yaml").write_text("name: Bench\nlimits:\n  time_limit: 2\n")
    for i in range(tests):
        (root / "data" / "secret" / f"{i:03}.in").write_text(f"{i} {i}\n")
        (root / "data" / "secret" / f"{i:03}.ans").write_text(f"{2 * i}\n")
    (root / "sol.py").write_text(PY)
    return root


def parallel_speedup(tests: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        pkg = load_problem(make_package(Path(tmp) / "bench", tests))
        program = compile_source(pkg.root / "sol.py").program
        assert program is not None
        checker = make_checker(pkg)
        limits = limits_for(pkg, 2.0)
        cases = pkg.tests("all")
        one, two = [], []
        for _ in range(3):
            one.append(timed(lambda: judge_program(program, cases, limits, checker, jobs=1)))
            two.append(timed(lambda: judge_program(program, cases, limits, checker, jobs=2)))
        return statistics.median(one), statistics.median(two)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--tests", type=int, default=60)
    args = parser.parse_args()
    iso = detect()
    off = ", ".join(f.name for f in iso.features if not f.on) or "none"
    print(f"isolation off: {off}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        stdin = work / "in.txt"
        stdin.write_text("1 2\n")
        for name, text in (("trivial.py", PY), ("trivial.c", C)):
            src = work / name
            src.write_text(text)
            bare, boxed, bare_min, boxed_min = per_run(src, stdin, args.runs)
            print(
                f"{name:11} bare {bare * 1000:7.2f} ms  sandboxed {boxed * 1000:7.2f} ms  "
                f"ratio {boxed / bare:5.2f}x  (+{(boxed - bare) * 1000:.2f} ms per run, "
                f"median of {args.runs}; minimum +{(boxed_min - bare_min) * 1000:.2f} ms)"
            )
        copied, bound = copy_versus_bind(work / "trivial.c", stdin, args.runs)
        print(
            f"trivial.c   /box copied {copied * 1000:7.2f} ms  bound {bound * 1000:7.2f} ms  "
            f"ratio {copied / bound:5.2f}x  (median of {args.runs})"
        )
    one, two = parallel_speedup(args.tests)
    print(
        f"judge {args.tests} tests: -j 1 {one:.2f} s  -j 2 {two:.2f} s  speed-up {one / two:4.2f}x"
    )


if __name__ == "__main__":
    main()
