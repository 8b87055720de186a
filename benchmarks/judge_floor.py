"""The judge's cost per test against the floor: the same program run bare, the same way.

A package of N tiny a+b tests is judged with `judge_program(jobs=1)` (what `solver judge -j 1`
does once the package is loaded), and the same program is run N times bare with the very argv
the judge uses (for Python: `sandbox.isolation.python_executable()` and its flags), both in the
same run, interleaved round by round so that machine noise affects them alike. Then the
difference is split into what each layer adds, each measured on its own in the same rounds:

- box start: starting the sandbox that serves a submission's tests on one worker
  (sandbox/box.py), once per submission, spread over the N tests;
- box run: an empty program (`/bin/true`) run in a started box, minus the same run bare: the
  run's own PID and mount namespaces, /proc and /tmp, the init, the filter, the limits;
- the program under the sandbox: `Program.run` on one test in a box minus the bare run minus
  the box's share (what the sandbox costs a real interpreter: its mounts, the environment);
- the checker: `Checker.check` on the right output;
- the rest (scheduling, results, reporting): the judge's time per test minus all of the above.

The judge with every run in a sandbox of its own (SOLVER_NO_BOX=1, the path before boxes and
the one runs that need cgroups still take) is measured beside it, with its own sandbox start.

    python benchmarks/judge_floor.py [--tests 200] [--rounds 3] [--language py|c|both]

Prints, per language, milliseconds per test of each part (median over rounds), and the ratio
judge / floor. Absolute times on shared machines are noise; the ratio is the figure. Run it
on a quiet machine for the goal (<= 1.10x), and beside a CPU hog to see it under load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sandbox import Limits, compile_source, detect, runner
from sandbox import box as reuse
from sandbox.judge import judge_program, limits_for, make_checker
from sandbox.package import load_problem

SOURCES = {
    "py": ("sol.py", "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n"),
    "c": (
        "sol.c",
        '#include <stdio.h>\nint main(){long long a,b;if(scanf("%lld %lld",&a,&b)!=2)return 1;'
        'printf("%lld\\n",a+b);return 0;}\n',
    ),
}
TRUE = "/bin/true"


@dataclass
class Parts:
    """Seconds for N tests (or for one box start), one list entry per round."""

    floor: list[float] = field(default_factory=list)
    judge: list[float] = field(default_factory=list)
    judge_cold: list[float] = field(default_factory=list)
    boxed_program: list[float] = field(default_factory=list)
    bare_true: list[float] = field(default_factory=list)
    box_true: list[float] = field(default_factory=list)
    box_start: list[float] = field(default_factory=list)
    cold_true: list[float] = field(default_factory=list)
    checker: list[float] = field(default_factory=list)


def make_package(root: Path, tests: int, language: str) -> tuple[Path, Path]:
    (root / "data" / "secret").mkdir(parents=True)
    (root / "problem.yaml").write_text("name: Floor\nlimits:\n  time_limit: 2\n")
    for i in range(tests):
        (root / "data" / "secret" / f"{i:03}.in").write_text(f"{i} {i}\n")
        (root / "data" / "secret" / f"{i:03}.ans").write_text(f"{2 * i}\n")
    name, text = SOURCES[language]
    source = root / name
    source.write_text(text)
    return root, source


def seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(language: str, tests: int, rounds: int) -> Parts:
    with tempfile.TemporaryDirectory() as tmp:
        root, source = make_package(Path(tmp) / "floor", tests, language)
        problem = load_problem(root)
        built = compile_source(source)
        program = built.program
        assert program is not None, built.message
        checker = make_checker(problem)
        limits = limits_for(problem, 2.0)
        cases = problem.tests("all")
        bare_argv = program.argv(str(program.directory), limits.memory_mib)
        iso = detect()
        true_limits = Limits(time_s=2)

        def floor() -> None:
            for case in cases:
                with open(case.input, "rb") as stdin:
                    subprocess.run(bare_argv, stdin=stdin, capture_output=True, check=True)

        def judge() -> None:
            result = judge_program(program, cases, limits, checker, jobs=1)
            assert result.verdict.value == "AC", result

        def judge_cold() -> None:
            os.environ["SOLVER_NO_BOX"] = "1"
            try:
                judge()
            finally:
                del os.environ["SOLVER_NO_BOX"]

        def boxed_program() -> None:
            with reuse.reusing():
                for case in cases:
                    run = program.run(limits, stdin=case.input)
                    assert run.verdict.value == "OK", run

        def bare_true() -> None:
            for _ in cases:
                subprocess.run([TRUE], capture_output=True, check=True)

        def in_box(count: int) -> None:
            for _ in range(count):
                run = reuse.run(
                    iso, [TRUE], true_limits, stdin=None, binds=(), cwd=None, env=None, cancel=None
                )
                assert run is not None and run.verdict.value == "OK", run

        def box_true() -> None:
            with reuse.reusing():
                in_box(1)  # the start
                start = time.perf_counter()
                in_box(len(cases))
                parts.box_true.append(time.perf_counter() - start)

        def box_start() -> None:
            with reuse.reusing():
                in_box(1)

        def cold_true() -> None:
            for _ in cases:
                run = runner.run([TRUE], true_limits, iso=iso)
                assert run.verdict.value == "OK", run

        outputs = [f"{2 * i}\n".encode() for i in range(len(cases))]

        def check() -> None:
            for case, output in zip(cases, outputs, strict=True):
                result = checker.check(case.input, case.answer, output, case.validator_args)
                assert result.verdict.value == "AC", result

        parts = Parts()
        floor(), judge()  # caches, builds, the interpreter's files in the page cache
        for _ in range(rounds):
            parts.floor.append(seconds(floor))
            parts.judge.append(seconds(judge))
            parts.judge_cold.append(seconds(judge_cold))
            parts.boxed_program.append(seconds(boxed_program))
            parts.bare_true.append(seconds(bare_true))
            box_true()
            parts.box_start.append(statistics.median(seconds(box_start) for _ in range(5)))
            parts.cold_true.append(seconds(cold_true))
            parts.checker.append(seconds(check))
        return parts


def report(language: str, tests: int, parts: Parts) -> None:
    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000 / tests

    floor, judge, cold = ms(parts.floor), ms(parts.judge), ms(parts.judge_cold)
    box_run = ms(parts.box_true) - ms(parts.bare_true)
    # One box start and its first run, less that run: spread over the tests.
    box_start = (statistics.median(parts.box_start) * 1000 - ms(parts.box_true)) / tests
    program = ms(parts.boxed_program) - floor - box_run - box_start
    check = ms(parts.checker)
    rest = judge - ms(parts.boxed_program) - check
    print(f"{language}: {tests} tests, ms per test (median of {len(parts.judge)} rounds)")
    print(f"  floor (bare run)               {floor:7.2f}")
    print(f"  judge                          {judge:7.2f}   ratio {judge / floor:5.2f}x the floor")
    print(f"  difference                     {judge - floor:+7.2f}, of which:")
    print(f"    box start (once, spread)     {box_start:+7.2f}")
    print(f"    box run (empty program)      {box_run:+7.2f}")
    print(f"    program under the sandbox    {program:+7.2f}")
    print(f"    checker                      {check:+7.2f}")
    print(f"    scheduling and reporting     {rest:+7.2f}")
    cold_start = ms(parts.cold_true) - ms(parts.bare_true)
    print(f"  judge, a sandbox per run       {cold:7.2f}   ratio {cold / floor:5.2f}x the floor")
    print(f"    sandbox start (empty run)    {cold_start:+7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--language", choices=("py", "c", "both"), default="both")
    args = parser.parse_args()
    iso = detect()
    off = ", ".join(f.name for f in iso.features if not f.on) or "none"
    print(f"isolation off: {off}")
    for language in ("py", "c") if args.language == "both" else (args.language,):
        report(language, args.tests, measure(language, args.tests, args.rounds))


if __name__ == "__main__":
    main()
