"""The judge's cost per test against the floor: the same program run bare, the same way.

A package of N tiny a+b tests is judged with `judge_program(jobs=1)` (what `solver judge -j 1`
does once the package is loaded), and the same program is run N times bare with the very argv
the judge uses (for Python: `sandbox.isolation.python_executable()` and its flags), both in the
same run, interleaved round by round so that machine noise affects them alike. Then the
difference is split into what each layer adds, each measured on its own in the same rounds:

- sandbox start: an empty program (`/bin/true`) run through the sandbox, minus the same run
  bare: namespaces, the init, the syscall filter, the limits, the clean-up;
- the program under the sandbox: `Program.run` on one test minus the bare run minus the
  sandbox start (what the sandbox costs a real interpreter: its mounts, the environment,
  a cgroup where the language gets one);
- the checker: `Checker.check` on the right output;
- the rest (scheduling, results, reporting): the judge's time per test minus all of the above.

    python benchmarks/judge_floor.py [--tests 200] [--rounds 3] [--language py|c|both]

Prints, per language, milliseconds per test of each part (median over rounds), and the ratio
judge / floor. Absolute times on shared machines are noise; the ratio is the figure. Run it
on a quiet machine for the goal (<= 1.10x), and beside a CPU hog to see it under load.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sandbox import Limits, compile_source, detect, runner
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
    """Seconds for N tests, one list entry per round."""

    floor: list[float]
    judge: list[float]
    boxed_program: list[float]
    bare_true: list[float]
    boxed_true: list[float]
    checker: list[float]


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

        def boxed_program() -> None:
            for case in cases:
                run = program.run(limits, stdin=case.input)
                assert run.verdict.value == "OK", run

        def bare_true() -> None:
            for _ in cases:
                subprocess.run([TRUE], capture_output=True, check=True)

        def boxed_true() -> None:
            for _ in cases:
                run = runner.run([TRUE], true_limits, iso=iso)
                assert run.verdict.value == "OK", run

        outputs = [f"{2 * i}\n".encode() for i in range(len(cases))]

        def check() -> None:
            for case, output in zip(cases, outputs, strict=True):
                result = checker.check(case.input, case.answer, output, case.validator_args)
                assert result.verdict.value == "AC", result

        parts = Parts([], [], [], [], [], [])
        floor(), judge()  # caches, builds, the interpreter's files in the page cache
        for _ in range(rounds):
            parts.floor.append(seconds(floor))
            parts.judge.append(seconds(judge))
            parts.boxed_program.append(seconds(boxed_program))
            parts.bare_true.append(seconds(bare_true))
            parts.boxed_true.append(seconds(boxed_true))
            parts.checker.append(seconds(check))
        return parts


def report(language: str, tests: int, parts: Parts) -> None:
    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000 / tests

    floor, judge = ms(parts.floor), ms(parts.judge)
    start = ms(parts.boxed_true) - ms(parts.bare_true)
    program = ms(parts.boxed_program) - floor - start
    check = ms(parts.checker)
    rest = judge - ms(parts.boxed_program) - check
    print(f"{language}: {tests} tests, ms per test (median of {len(parts.judge)} rounds)")
    print(f"  floor (bare run)             {floor:7.2f}")
    print(f"  judge                        {judge:7.2f}   ratio {judge / floor:5.2f}x the floor")
    print(f"  difference                   {judge - floor:+7.2f}, of which:")
    print(f"    sandbox start (empty run)  {start:+7.2f}")
    print(f"    program under the sandbox  {program:+7.2f}")
    print(f"    checker                    {check:+7.2f}")
    print(f"    scheduling and reporting   {rest:+7.2f}")


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
