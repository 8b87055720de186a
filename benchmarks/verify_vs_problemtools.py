"""`solver verify` against problemtools' `verifyproblem -p submissions` on the same packages.

Usage (problemtools from PyPI in a venv of its own; it judges Python 3 with pypy3):

    python3 -m venv /tmp/pt && /tmp/pt/bin/pip install problemtools
    python benchmarks/verify_vs_problemtools.py --verifyproblem /tmp/pt/bin/verifyproblem

Each package is copied and normalised once so that problemtools accepts it (a legacy
`limits.time_limit` becomes `-t` for both tools, 2023-07 `author` becomes `credits`, the memory
limit is raised to 2048 MiB because under problemtools' RLIMIT_AS PyPy cannot start at 256 MiB
and cannot set a deep recursion limit at 1024 MiB), and problemtools compiles Java for the
installed JDK (its own `javac -source 21` fails on JDK 17);
both tools then verify the same copy, each with its defaults (problemtools one thread, solver
every core), solver with `--python pypy3` so that both run Python under PyPy, and both with
`-p submissions`: judging the submissions, without validating the test inputs
(`--validate-inputs` makes solver validate them too, as its plain `verify` does). solver's run
slots are machine-wide locks that any other judge process on the machine competes for (on a
shared machine, other users' test runs); problemtools takes none, so by default solver gets
slot numbers of its own (`--shared-slots` to compete).
solver keeps builds, accepted inputs and derived time limits per package content in its cache
from one run to the next (problemtools keeps nothing); `--cold` empties that part of a cache
of its own before every solver run.
Runs are interleaved and the best of `--runs` is kept per tool. Prints wall seconds per package,
the ratio problemtools / solver (above 1: solver is faster), and whether the two agree on every
submission. Any package folder will do (a contest's problems, say): what had to change for
problemtools to load it is listed under the table per package, and a package that either tool
cannot judge at all is listed with the reason and left out of the totals. `--keep DIR` keeps
each run's output (problemtools' log, solver's `--json`) to see where the time went.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    seconds: list[float] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    """Submissions (folder/name) the tool says are not as promised, in any of its runs (a
    verdict that moves with the load from one run to the next shows as a disagreement)."""
    error: str = ""
    """Why the tool could not judge the package at all (then its time is not compared)."""


def normalise(src: Path, dst: Path, notes: list[str]) -> float | None:
    """Copy a package so that problemtools loads it; return the fixed time limit, if any.
    What had to change beyond the defaults described above is added to `notes`."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".solver.yaml"))
    conf = yaml.safe_load((dst / "problem.yaml").read_text()) or {}
    name = conf.get("name")
    if isinstance(name, dict) and name:
        # 2023-07 allows a name per language; the problemtools on PyPI takes only a string.
        conf["name"] = str(name.get("en", next(iter(name.values()))))
        notes.append(f"localised name {sorted(name)} -> {conf['name']!r}")
    timelimit = dst / ".timelimit"
    if "time_limit" not in conf.get("limits", {}) and timelimit.is_file():
        # BAPCtools/DOMjudge state the limit in .timelimit; problemtools does not read it.
        conf.setdefault("limits", {})["time_limit"] = float(timelimit.read_text().split()[0])
        notes.append(f".timelimit {conf['limits']['time_limit']:g} s passed to both tools")
    limits = conf.setdefault("limits", {})
    fixed = (
        limits.pop("time_limit", None)
        if conf.get("problem_format_version", "legacy") in ("legacy", "legacy-icpc")
        else limits.get("time_limit")
    )
    limits["memory"] = max(int(limits.get("memory", 2048)), 2048)
    if "author" in conf and conf.get("problem_format_version", "legacy") not in (
        "legacy",
        "legacy-icpc",
    ):
        conf["credits"] = conf.pop("author")
    (dst / "problem.yaml").write_text(yaml.safe_dump(conf, sort_keys=False))
    drop_python2_grader(dst, notes)
    return float(fixed) if fixed is not None else None


def drop_python2_grader(pkg: Path, notes: list[str]) -> None:
    """problemtools runs a `.py` grader as Python 3: one in Python 2 fails to build and every
    test of every submission becomes a judge error. Without it both tools use the default
    grader (solver reads pass/fail verdicts only)."""
    graders = pkg / "graders"
    old = []
    for source in sorted(graders.glob("*.py")) if graders.is_dir() else []:
        try:
            compile(source.read_text(errors="replace"), str(source), "exec")
        except SyntaxError:
            old.append(source.name)
    if not old:
        return
    shutil.rmtree(graders)
    for testdata in (pkg / "data").rglob("testdata.yaml"):
        conf = yaml.safe_load(testdata.read_text()) or {}
        if conf.get("grading") == "custom":
            conf.pop("grading")
            conf.pop("grader_flags", None)
            testdata.write_text(yaml.safe_dump(conf, sort_keys=False))
    notes.append(f"Python 2 grader {', '.join(old)} removed (default grading)")


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str, str]:
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    return time.monotonic() - start, proc.stdout, proc.stderr


def keep(folder: Path | None, name: str, text: str) -> None:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


_PT_FAILED = re.compile(r"ERROR (?:Compile error for )?(\S+/\S+) \((?:.*?\) got |[^)]*\):$)", re.M)


def javac_major() -> int | None:
    """The installed javac's major version (problemtools compiles with `-source 21`)."""
    javac = shutil.which("javac")
    if not javac:
        return None
    proc = subprocess.run([javac, "-version"], capture_output=True, text=True)
    found = re.search(r"javac (\d+)", proc.stdout + proc.stderr)
    return int(found.group(1)) if found else None


def problemtools_config(work: Path) -> dict[str, str]:
    """An XDG config folder in which problemtools compiles Java for the installed JDK.

    Its languages.yaml asks for `javac -source 21`, which a JDK before 21 refuses (every Java
    submission a compile error, so no Java run at all); solver compiles for the installed JDK.
    Both then judge Java, with the same JDK."""
    major = javac_major()
    if major is None or major >= 21:
        return {}
    folder = work / "xdg-config" / "problemtools"
    folder.mkdir(parents=True)
    compile_line = (
        f"javac -source {major} -encoding UTF-8 -sourcepath {{path}} -d {{path}} {{files}}"
    )
    (folder / "languages.yaml").write_text(yaml.safe_dump({"java": {"compile": compile_line}}))
    return {"XDG_CONFIG_HOME": str(folder.parent)}


def problemtools_error(text: str) -> str:
    """Why problemtools did not judge the package, from its output ("" if it did): it could
    not load it, or it stopped before its closing `NAME tested: ...` line (a crash)."""
    lines = text.splitlines()
    failed = [line for line in lines if "Failed to load" in line]
    if failed:
        return failed[0].strip()
    if not any(re.search(r" tested: \d+ errors?, \d+ warnings?$", line) for line in lines):
        last = next((line.strip() for line in reversed(lines) if line.strip()), "no output")
        return f"problemtools stopped early: {last}"
    return ""


def run_problemtools(
    tool: str,
    pkg: Path,
    fixed: float | None,
    out: Outcome,
    env: dict[str, str],
    log: Path | None = None,
) -> None:
    cmd = [tool, str(pkg), "-p", "submissions"] + (["-t", f"{fixed:g}"] if fixed else [])
    seconds, stdout, stderr = timed(cmd, env)
    out.seconds.append(seconds)
    text = stdout + stderr
    keep(log, f"{pkg.name}.problemtools.{len(out.seconds)}.log", text)
    out.failed |= set(_PT_FAILED.findall(text))
    out.error = problemtools_error(text)


PACKAGE_CACHES = ("build", "validated", "timelimits")
"""What solver keeps per package in its cache folder: builds, accepted inputs, derived limits."""


def cold_cache(work: Path) -> Path:
    """A cache folder of solver's own for --cold: its sandbox tooling (init, syscall filters,
    clean Python prefix) made once by an untimed run, as on any machine after the first use."""
    cache = work / "xdg-cache"
    subprocess.run(
        [sys.executable, "-m", "solver", "verify", str(ROOT / "problems" / "add-two")],
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        capture_output=True,
    )
    return cache


def forget_packages(cache: Path) -> None:
    for name in PACKAGE_CACHES:
        shutil.rmtree(cache / "solver" / name, ignore_errors=True)


def run_solver(
    pkg: Path,
    fixed: float | None,
    out: Outcome,
    own_slots: bool,
    cache: Path | None,
    log: Path | None = None,
    validate: bool = False,
) -> None:
    cores = os.cpu_count() or 1
    cmd = [
        sys.executable,
        "-m",
        "solver",
        "verify",
        str(pkg),
        "--json",
        "--python",
        "pypy3",
        "-j",
        str(cores),
    ]
    cmd += ["-t", f"{fixed:g}"] if fixed else []
    cmd += [] if validate else ["-p", "submissions"]
    # The judge's run slots are machine-wide locks shared with every other judge process here
    # (on a shared machine, other users' test runs hold them); problemtools takes none. With
    # own_slots solver gets slot numbers nobody else uses, still running `cores` at a time.
    env = {"SOLVER_SANDBOX_SLOTS": str(2 * cores)} if own_slots else {}
    if cache is not None:
        forget_packages(cache)
        env["XDG_CACHE_HOME"] = str(cache)
    seconds, stdout, stderr = timed(cmd, env)
    out.seconds.append(seconds)
    keep(log, f"{pkg.name}.solver.{len(out.seconds)}.json", stdout)
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        out.error = (stderr.strip().splitlines() or ["no output"])[-1]
        return
    out.failed |= {
        s["path"].removeprefix("submissions/") for s in data["submissions"] if not s["ok"]
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "packages",
        nargs="*",
        type=Path,
        help="package folders (default: every package in problems/)",
    )
    parser.add_argument(
        "--verifyproblem",
        default=shutil.which("verifyproblem"),
        help="problemtools' verifyproblem (default: the one on PATH)",
    )
    parser.add_argument("--runs", type=int, default=2, help="runs per tool and package")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="solver keeps nothing of a package from one run to the next (no cached builds, "
        "input validations or derived time limits), as problemtools never does",
    )
    parser.add_argument(
        "--shared-slots",
        action="store_true",
        help="let solver wait for the machine-wide run slots that other judge "
        "processes on this machine hold (default: slots of its own)",
    )
    parser.add_argument(
        "--validate-inputs",
        action="store_true",
        help="solver also validates every test input (its plain `verify`), which "
        "problemtools' -p submissions does not",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write each run's output there (problemtools' log, solver's --json)",
    )
    args = parser.parse_args()
    if not args.verifyproblem:
        sys.exit("verifyproblem not found: pip install problemtools (see --help)")
    packages = args.packages or sorted(
        p for p in (ROOT / "problems").iterdir() if (p / "problem.yaml").exists()
    )
    work = Path(tempfile.mkdtemp(prefix="verify-bench-"))
    results: dict[str, tuple[Outcome, Outcome]] = {}
    normalised: dict[str, list[str]] = {}
    try:
        pt_env = problemtools_config(work)
        cache = cold_cache(work) if args.cold else None
        copies = {}
        for src in packages:
            if not (src / "problem.yaml").is_file():
                sys.exit(f"{src}: no problem.yaml (not a problem package)")
            # Two sets may hold problems of the same short name: keep them apart.
            name = src.name if src.name not in copies else f"{src.parent.name}-{src.name}"
            dst = work / name
            normalised[name] = []
            copies[name] = (dst, normalise(src, dst, normalised[name]))
            for note in normalised[name]:
                print(f"{name}: normalised: {note}", file=sys.stderr)
            results[name] = (Outcome(), Outcome())
        for run in range(args.runs):
            for name, (dst, fixed) in copies.items():
                pt, sv = results[name]
                # Alternate which tool goes first, so neither always meets a warmer machine.
                order = ("pt", "sv") if run % 2 == 0 else ("sv", "pt")
                for tool in order:
                    if tool == "pt":
                        run_problemtools(args.verifyproblem, dst, fixed, pt, pt_env, args.keep)
                    else:
                        run_solver(
                            dst,
                            fixed,
                            sv,
                            not args.shared_slots,
                            cache,
                            args.keep,
                            args.validate_inputs,
                        )
                print(
                    f"run {run + 1}: {name}: problemtools {pt.seconds[-1]:.2f} s, "
                    f"solver {sv.seconds[-1]:.2f} s",
                    file=sys.stderr,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(summary(results, normalised))


def summary(results: dict[str, tuple[Outcome, Outcome]], normalised: dict[str, list[str]]) -> str:
    """The table: best seconds per tool and package, the ratio, whether they agree on every
    submission; totals over the packages both tools judged; then per package what was
    normalised and why a package could not be judged."""
    rows = [f"{'package':<18} {'problemtools':>12} {'solver':>8} {'ratio':>6}  agreement"]
    judged = {n: r for n, r in results.items() if not (r[0].error or r[1].error)}
    for name, (pt, sv) in results.items():
        best_pt, best_sv = min(pt.seconds), min(sv.seconds)
        if name not in judged:
            who = "problemtools" if pt.error else "solver"
            agree = f"not judged by {who}: {pt.error or sv.error} (left out of the totals)"
            ratio = "    -"
        else:
            ratio = f"{best_pt / best_sv:>5.2f}x"
            if pt.failed == sv.failed:
                agree = "same" + (f" ({len(pt.failed)} not as promised)" if pt.failed else "")
            else:
                agree = (
                    f"differ: problemtools fails {sorted(pt.failed)}, solver {sorted(sv.failed)}"
                )
        rows.append(f"{name:<18} {best_pt:>10.2f} s {best_sv:>6.2f} s {ratio}  {agree}")

    def total(label: str, chosen: dict[str, tuple[Outcome, Outcome]]) -> str:
        a = sum(min(pt.seconds) for pt, _ in chosen.values())
        b = sum(min(sv.seconds) for _, sv in chosen.values())
        slower = sum(min(sv.seconds) > min(pt.seconds) for pt, sv in chosen.values())
        return (
            f"{label:<18} {a:>10.2f} s {b:>6.2f} s {a / b:>5.2f}x  "
            f"solver slower on {slower} of {len(chosen)} package(s)"
        )

    if judged:
        rows.append(total("total", judged))
    # Where the tools disagree on a submission they did not do the same work (problemtools
    # giving up on a submission early, say): the same figures over the packages they agree on.
    same = {n: (pt, sv) for n, (pt, sv) in judged.items() if pt.failed == sv.failed}
    if same and len(same) < len(judged):
        rows.append(total("agreeing only", same))
    for name, notes in normalised.items():
        rows += [f"{name}: normalised: {note}" for note in notes]
    return "\n".join(rows)


if __name__ == "__main__":
    main()
