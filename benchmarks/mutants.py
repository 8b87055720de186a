"""Mutation benchmark: does `solver solve` refuse to verify realistic wrong solutions?

For each shipped problem, `benchmarks/mutants/PROBLEM/*.py` are wrong solutions (off-by-one,
missed edge case, wrong tie-break, early rounding, overflow-like cut-offs, slow only on
adversarial input), each with a first-line comment naming its bug; each passes the samples
(most of them) and is rejected by the package's hidden data/secret. Each runs through the real
`solver solve` CLI against a scripted OpenAI-compatible stand-in model whose draft is the
mutant and whose repairs are the problem's accepted solution. For every other stage the
stand-in is a GOOD model: the generator, brute force and edge cases of
`benchmarks/mutants/PROBLEM/good/`, the package's own input validator, predictions made by
running the accepted solution, and as its independent fast solution (`alt`) `good/alt.py` or
else the accepted solution. Its replies are one table by `X-Solver-Stage` (`stages`); a
stage it does not know gets an empty reply.

Options make it a worse model (the stand-ins of issue 16): `--brute-shares-bug` (its brute
force is the draft itself, so it shares the mutant's bug; with the accepted solution as the
draft, the problem's first mutant: a brute force with a bug of its own), `--wrong-predictions
RATE` (predictions wrong in the same way, every time, on about that share of the inputs, never
the samples: `tests.scripted_model.consistently_wrong`), `--no-alt` (it does not answer the
`alt` stage, as the stand-in before it).

Per mutant: `detected` (the loop repaired it, or did not verify it) or `FALSELY VERIFIED` (the
loop returned the mutant as verified). Then the detection rate, the false verifications, and a
false-alarm check: each problem once with its accepted solution as the draft, counting those
not verified.

    python benchmarks/mutants.py --jobs 2 [--only PROBLEM] [--json OUT.json] [--reports DIR]
        [--brute-shares-bug] [--wrong-predictions 0.3] [--no-alt]
    python benchmarks/mutants.py --check   # the mutants and the stand-in, judged; no loop

`--json FILE` writes {"results": [{"problem", "name", "bug", "kind" (mutant | accepted),
"verified", "returned_draft", "outcome" (detected | falsely verified | verified | false alarm),
"stop_reason", "rounds", "seconds"}], "total": {"mutants", "detected", "detection_rate",
"falsely_verified", "accepted_runs", "false_alarms", "seconds"}}.

`--check` judges the mutants with `solver judge` (do they pass the samples? do the hidden tests
reject them?) and checks the stand-in (valid inputs, a brute force that agrees with the accepted
solution); it exits 1 when a mutant is accepted or the stand-in is wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scripted_model import (  # noqa: E402
    ScriptedModel,
    code,
    consistently_wrong,
    input_blocks,
    output,
    weak_generator,
)

MUTANTS = ROOT / "benchmarks" / "mutants"
PROBLEMS = ROOT / "problems"
SOLVE_TIMEOUT_S = 900
WEAK = "stand-in: weak generator"


@dataclass(frozen=True)
class StandIn:
    """What the good stand-in model knows about one problem."""

    problem: str
    accepted: str
    generator: str
    brute: str
    validator: str
    edge: tuple[str, ...]
    alt: str = ""
    """The independent fast solution it writes (`alt`): `good/alt.py`, else the accepted
    solution."""
    samples: frozenset[str] = frozenset()
    """The samples' inputs (predictions wrong in the same way spare them)."""

    @property
    def package(self) -> Path:
        return PROBLEMS / self.problem


def load_stand_in(problem: str) -> StandIn:
    good = MUTANTS / problem / "good"
    package = PROBLEMS / problem
    accepted = sorted((package / "submissions" / "accepted").glob("*.py"))[0].read_text()
    validator = sorted((package / "input_validators").rglob("*.py"))[0].read_text()
    edge = tuple(p.read_text() for p in sorted((good / "edge").glob("*.in")))
    alt = good / "alt.py"
    samples = frozenset(p.read_text() for p in (package / "data" / "sample").glob("*.in"))
    return StandIn(
        problem,
        accepted,
        (good / "generator.py").read_text(),
        (good / "brute.py").read_text(),
        _exit_zero_validator(validator),
        edge,
        alt.read_text() if alt.exists() else accepted,
        samples,
    )


@dataclass(frozen=True)
class Behaviour:
    """How the stand-in departs from a good model (the options of `main`)."""

    brute_shares_bug: bool = False
    """Its brute force is the draft itself (a mutant's bug, shared); with the accepted
    solution as the draft, one of the problem's mutants (a brute force with a bug of its
    own)."""
    wrong_every: int = 0
    """Predictions wrong in the same way for about one input in this many (0: never)."""
    alt: bool = True
    """It answers the `alt` stage (an older stand-in did not)."""
    weak_generator: bool = False
    """Its generator never reaches the maximum, for every draft (not only the mutants whose
    first line asks for it)."""


def _exit_zero_validator(kattis_validator: str) -> str:
    """The package's validator (exit 42 = valid) as the loop asks for one (exit 0 = valid):
    the stand-in knows the constraints exactly."""
    return (
        "import sys\n\n"
        f"SOURCE = {kattis_validator!r}\n\n"
        "try:\n"
        "    exec(compile(SOURCE, 'validate.py', 'exec'), {'__name__': '__main__'})\n"
        "    code = 1\n"
        "except SystemExit as exc:\n"
        "    code = 0 if exc.code == 42 else 1\n"
        "sys.exit(code)\n"
    )


def _test_input(body: dict[str, Any]) -> str:
    user = [m["content"] for m in body.get("messages", []) if m.get("role") == "user"][-1]
    found = re.findall(r"```input\n(.*?)```", user, re.S)  # the last one: samples come first
    return found[-1] if found else ""


@lru_cache(maxsize=4096)
def _run_accepted(accepted: str, text: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(accepted)
    try:
        done = subprocess.run(
            [sys.executable, f.name], input=text, capture_output=True, text=True, timeout=60
        )
    finally:
        Path(f.name).unlink()
    return done.stdout


Reply = Callable[[dict[str, Any]], str]


def stages(
    s: StandIn, draft: str, behaviour: Behaviour = Behaviour(), buggy_brute: str = ""
) -> dict[str, Reply]:
    """The stand-in's replies, one row per stage."""
    brute = s.brute
    if behaviour.brute_shares_bug:
        brute = buggy_brute or draft

    def predict(body: dict[str, Any]) -> str:
        return output(_run_accepted(s.accepted, _test_input(body)))

    if behaviour.wrong_every:
        predict = consistently_wrong(predict, every=behaviour.wrong_every, spare=s.samples)  # type: ignore[assignment]
    table: dict[str, Reply] = {
        "draft": lambda _body: code(draft),
        "repair": lambda _body: code(s.accepted),
        "tests": lambda _body: input_blocks(*s.edge),
        # A mutant whose first line says "stand-in: weak generator" meets a generator that
        # never reaches the maximum (tests/scripted_model.weak_generator).
        "generator": lambda _body: code(
            weak_generator(s.generator)
            if behaviour.weak_generator or WEAK in draft.split("\n", 1)[0]
            else s.generator
        ),
        "validator": lambda _body: code(s.validator),
        "brute": lambda _body: code(brute),
        "predict": predict,
    }
    if behaviour.alt:
        table["alt"] = lambda _body: code(s.alt)
    return table


class StageTable(dict):  # type: ignore[type-arg]
    """A script for ScriptedModel: an unknown stage gets an empty reply, not an error."""

    def get(self, key: str, default: object = None) -> Reply:  # type: ignore[override]
        return super().get(key, lambda _body: "")


@dataclass
class Result:
    problem: str
    name: str
    bug: str
    kind: str
    """`mutant` or `accepted` (the false-alarm check)."""
    verified: bool
    returned_draft: bool
    outcome: str
    """`detected`, `falsely verified`, `verified` or `false alarm`."""
    stop_reason: str
    rounds: int
    seconds: float


def solve(
    s: StandIn,
    draft: str,
    name: str,
    bug: str,
    kind: str,
    reports: Path | None = None,
    behaviour: Behaviour = Behaviour(),
) -> Result:
    start = time.monotonic()
    # With the accepted solution as the draft, a brute force "sharing the bug" is one of
    # the problem's mutants: a brute force with a bug of its own.
    buggy = mutants(s.problem)[0][1].read_text() if kind == "accepted" else ""
    table = StageTable(stages(s, draft, behaviour, buggy))
    with tempfile.TemporaryDirectory() as tmp, ScriptedModel(table) as model:
        out, report_path = Path(tmp) / "solution.py", Path(tmp) / "report.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "solver",
                "solve",
                str(s.package),
                "--base-url",
                model.base_url,
                "--model",
                "scripted-model",
                "--retries",
                "0",
                "--timeout",
                "120",
                "-o",
                str(out),
                "--report",
                str(report_path),
            ],
            capture_output=True,
            text=True,
            timeout=SOLVE_TIMEOUT_S,
            cwd=ROOT,
        )
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
        if reports is not None and report:
            (reports / s.problem).mkdir(parents=True, exist_ok=True)
            (reports / s.problem / f"{name}.report.json").write_text(report_path.read_text())
        final = out.read_text() if out.exists() else ""
    verified = bool(report.get("verified"))
    returned_draft = _same_code(final, draft)
    if kind == "mutant":
        outcome = "falsely verified" if verified and returned_draft else "detected"
    else:
        outcome = "verified" if verified else "false alarm"
    return Result(
        s.problem,
        name,
        bug,
        kind,
        verified,
        returned_draft,
        outcome,
        str(report.get("stop_reason", "no report")),
        len(report.get("rounds", [])),
        round(time.monotonic() - start, 1),
    )


def _same_code(a: str, b: str) -> bool:
    return a.split() == b.split()


def mutants(only: str | None) -> list[tuple[str, Path]]:
    found = []
    for folder in sorted(p for p in MUTANTS.iterdir() if p.is_dir()):
        if only and folder.name != only:
            continue
        found += [(folder.name, path) for path in sorted(folder.glob("*.py"))]
    return found


def bug_of(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    return first.lstrip("# ").strip()


def check(only: str | None, jobs: int) -> int:
    """Judge every mutant: does it pass the samples, and do the hidden tests reject it?"""

    def judge(item: tuple[str, Path]) -> tuple[str, Path, bool, str]:
        problem, path = item
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "solver",
                "judge",
                str(PROBLEMS / problem),
                str(path),
                "--all",
                "--json",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=900,
        )
        result = json.loads(done.stdout)
        samples_ok = all(
            t["verdict"] == "AC" for t in result["tests"] if t["name"].startswith("sample/")
        )
        return problem, path, samples_ok, result["verdict"]

    bad = 0
    for problem in sorted({problem for problem, _ in mutants(only)}):
        problems = check_stand_in(load_stand_in(problem))
        bad += len(problems)
        for line in problems or ["stand-in ok: generator, edge cases, brute force"]:
            print(f"{problem}: {line}")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for problem, path, samples_ok, verdict in pool.map(judge, mutants(only)):
            ok = verdict != "AC"
            bad += not ok
            print(
                f"{problem + '/' + path.stem:44} samples {'pass' if samples_ok else 'FAIL'}  "
                f"hidden {verdict:3} {'ok' if ok else 'NOT A MUTANT'}  {bug_of(path)}"
            )
    return 1 if bad else 0


def check_stand_in(s: StandIn) -> list[str]:
    """Is the stand-in a good model? Every input it makes is valid by the package's own
    validator, at the maximum size for "large"; its brute force agrees with the accepted
    solution (through the package's checker) on the samples, its edge cases and its tiny and
    small inputs."""
    from sandbox.judge import make_checker
    from sandbox.package import load_problem
    from solver import inputs

    problem = load_problem(s.package)
    checker = make_checker(problem)
    validator = sorted((s.package / "input_validators").rglob("*.py"))[0]
    found: list[str] = []
    drawn: dict[str, list[str]] = {}
    for size, count in (("tiny", 4), ("small", 6), ("large", 2), ("large", 1)):
        result = inputs.draw(s.generator, size, count)
        if not result.ok or not isinstance(result.value, list):
            if size == "large" and count == 2 and "OLE" in result.error:
                # Not the stand-in's fault: two inputs at the maximum size can exceed what
                # the loop's input driver may print at once; one at a time is checked next.
                print(f"{s.problem}: note: 2 large inputs at once: {result.error}")
            else:
                found.append(f"the generator fails for {size}: {result.error}")
            continue
        drawn[size] = drawn.get(size, []) + result.value
    samples = [t.input.read_text() for t in problem.tests("sample")]
    with tempfile.TemporaryDirectory() as tmp:
        for origin, texts in (("edge", list(s.edge)), *drawn.items()):
            for text in texts:
                run = subprocess.run(
                    [sys.executable, str(validator)],
                    input=text.encode(),
                    capture_output=True,
                    timeout=120,
                )
                if run.returncode != 42:
                    found.append(f"invalid {origin} input: {run.stderr.decode().strip()}")
        small = samples + list(s.edge) + drawn.get("tiny", []) + drawn.get("small", [])
        for i, text in enumerate(small):
            given, answer = Path(tmp) / f"{i}.in", Path(tmp) / f"{i}.ans"
            given.write_text(text)
            answer.write_text(_run_accepted(s.accepted, text))
            brute = subprocess.run(
                [sys.executable, "-c", s.brute],
                input=text,
                capture_output=True,
                text=True,
                timeout=120,
            ).stdout
            verdict = checker.check(given, answer, brute.encode()).verdict
            if verdict.value != "AC":
                found.append(f"the brute force disagrees on {text[:60]!r}: {brute[:60]!r}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="solves run at once")
    parser.add_argument("--only", help="one problem (a folder name under problems/)")
    parser.add_argument("--json", type=Path, help="write every result and the totals here")
    parser.add_argument(
        "--check",
        action="store_true",
        help="only judge the mutants (samples and hidden tests), no loop",
    )
    parser.add_argument(
        "--reports",
        type=Path,
        help="keep every solve's JSON report in DIR/PROBLEM/NAME.report.json",
    )
    parser.add_argument(
        "--no-false-alarms", action="store_true", help="skip the accepted-solution runs"
    )
    parser.add_argument(
        "--false-alarms-only", action="store_true", help="only the accepted-solution runs"
    )
    parser.add_argument(
        "--brute-shares-bug",
        action="store_true",
        help="the stand-in's brute force is the draft (a mutant's bug, shared); for the "
        "accepted runs, one of the problem's mutants",
    )
    parser.add_argument(
        "--wrong-predictions",
        type=float,
        default=0.0,
        metavar="RATE",
        help="predictions wrong in the same way on about this share of the inputs (not the "
        "samples)",
    )
    parser.add_argument(
        "--no-alt", action="store_true", help="the stand-in does not answer the alt stage"
    )
    parser.add_argument(
        "--weak-generator",
        action="store_true",
        help="the stand-in's generator never reaches the maximum sizes, for every draft",
    )
    args = parser.parse_args()
    if args.only and not (MUTANTS / args.only).is_dir():
        print(f"error: no mutants for problem {args.only!r} in {MUTANTS}", file=sys.stderr)
        return 2
    if not 0.0 <= args.wrong_predictions <= 1.0:
        print("error: --wrong-predictions is a share between 0 and 1", file=sys.stderr)
        return 2
    if args.check:
        return check(args.only, args.jobs)

    stand_ins: dict[str, StandIn] = {}
    work: list[tuple[StandIn, str, str, str, str]] = []
    for problem, path in mutants(args.only):
        s = stand_ins.setdefault(problem, load_stand_in(problem))
        if not args.false_alarms_only:
            work.append((s, path.read_text(), path.stem, bug_of(path), "mutant"))
    if not args.no_false_alarms:
        work += [(s, s.accepted, "accepted", "", "accepted") for s in stand_ins.values()]
    behaviour = Behaviour(
        brute_shares_bug=args.brute_shares_bug,
        wrong_every=round(1 / args.wrong_predictions) if args.wrong_predictions > 0 else 0,
        alt=not args.no_alt,
        weak_generator=args.weak_generator,
    )
    start = time.monotonic()
    results: list[Result] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for r in pool.map(lambda w: solve(*w, reports=args.reports, behaviour=behaviour), work):
            results.append(r)
            loud = r.outcome in ("falsely verified", "false alarm")
            print(
                f"{r.problem + '/' + r.name:44} "
                f"{r.outcome.upper() if loud else r.outcome:17} rounds {r.rounds}  "
                f"{r.seconds:6.1f} s  {r.stop_reason[:30]:30}  {r.bug}",
                flush=True,
            )
    muts = [r for r in results if r.kind == "mutant"]
    detected = sum(r.outcome == "detected" for r in muts)
    false_verified = sum(r.outcome == "falsely verified" for r in muts)
    accepted = [r for r in results if r.kind == "accepted"]
    false_alarms = sum(r.outcome == "false alarm" for r in accepted)
    total = {
        "mutants": len(muts),
        "detected": detected,
        "detection_rate": round(detected / len(muts), 3) if muts else None,
        "falsely_verified": false_verified,
        "accepted_runs": len(accepted),
        "false_alarms": false_alarms,
        "seconds": round(time.monotonic() - start, 1),
    }
    print(
        f"\ndetection rate {detected}/{len(muts)}"
        + (f" = {detected / len(muts):.0%}" if muts else "")
        + f"; falsely verified {false_verified}; false alarms {false_alarms}/{len(accepted)}"
        f"; {total['seconds']:.0f} s with --jobs {args.jobs}"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"results": [asdict(r) for r in results], "total": total}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
