"""Many runs of one Python program in one sandbox: a warm interpreter behind a fork server.

Differential stress testing compares a candidate with a brute force on hundreds of inputs.
Starting a sandbox and an interpreter for each run costs more than most runs themselves, so
`run_batch` starts one sandbox whose driver (`solver/drivers/forkserve.py`) compiles the program
once and forks a child per input. Each child gets the per-run limits of a normal run (CPU time
with RLIMIT_CPU and measured by wait4, memory with RLIMIT_AS, output cap, wall limit), and the
verdict comes from the same `classify` a normal sandboxed run uses, so the results (verdict and
stdout) are those of running the program alone.

Children run one at a time: the batch holds one of the machine-wide run slots, and two
children at once would use a second core that slot does not own, making times dishonest.
A warm run is as isolated as a cold one (docs/sandbox.md, "The warm executor"): when the judge
is root the driver stays the sandbox's root and each child drops to the batch's own sandbox
uid, which cannot signal, trace or limit it; a seccomp filter (through libseccomp) in each child
also keeps it in its own process group and from signalling, limiting or reprioritising the
driver, whatever the uids; everything a run started is killed and reaped, and the scratch
folder emptied, before the next. A program must not be able to end the batch, or hide its
failure. Without `limits.spawn` the filter also refuses to start processes, as a run without
`spawn` is refused. A batch that ends early without the driver's completion marker, before its
deadline, gives JE for the rest, never a shorter list.

Known differences from a fresh run, all small: CPU time excludes the interpreter's start-up
(about 0.02 s); the warm interpreter adds about 3 MiB of address space to the child; the
children of one batch share one string-hash seed (each reseeds `random`). The batch as a whole
is as isolated as any run: the children are inside its sandbox.
"""

from __future__ import annotations

import base64
import binascii
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sandbox import isolation, runner
from sandbox.isolation import Bind
from sandbox.languages import Python3
from sandbox.limits import MIB, Limits
from sandbox.runner import classify
from sandbox.verdict import RunResult, Verdict

DRIVER = Path(__file__).with_name("drivers") / "forkserve.py"
STARTUP_SLACK_S = 10.0
"""Room past the deadline for the batch sandbox to start and the driver to report."""
DRIVER_MEMORY_MIB = 256
"""What the driver itself may need besides one child (it holds one child's output at a time)."""


@dataclass(frozen=True)
class QuickRun:
    verdict: str
    """"OK", "TLE", "RTE", "MLE", "OLE" or "JE" (the judge's failure, not the program's)."""
    stdout: str
    cpu_time_s: float
    message: str
    """Why it was not OK; for RTE the last line of the traceback (or of stderr) is included."""


def run_batch(code: str, inputs: list[str], limits: Limits, *, deadline_s: float) -> list[QuickRun]:
    """Run the Python 3 program `code` on each input under `limits`, in one sandbox.

    Returns one result per input, in input order. Only when the deadline (`deadline_s` seconds
    from the call) really passed is the list shorter: then it holds the prefix of inputs
    finished before it (a run still going at the deadline is stopped and left out). When the
    sandbox or the driver fails before the deadline, every input it did not finish gets a JE
    result: a batch is never shortened without a word.
    """
    deadline = time.monotonic() + deadline_s
    results: list[QuickRun] = []
    while len(results) < len(inputs):
        rest = inputs[len(results) :]
        got, finished = _one_batch(code, rest, limits, deadline)
        results += got
        if not finished or time.monotonic() >= deadline:
            break  # the deadline passed, or the rest is JE already
        if not got:  # stopped "at the deadline" by a clock that disagrees with ours
            message = "the stress driver stopped before its deadline without a result"
            results += [QuickRun("JE", "", 0.0, message)] * len(rest)
            break
    return results


def _one_batch(
    code: str, inputs: list[str], limits: Limits, deadline: float
) -> tuple[list[QuickRun], bool]:
    """One sandbox over `inputs` until the monotonic instant `deadline`: (results, whether it
    ended as it should). A shorter list that ended as it should was stopped by the deadline or
    by the results budget (the caller starts another batch for the rest)."""
    call_start = time.monotonic()
    deadline_s = max(deadline - call_start, 0.0)
    work = Path(tempfile.mkdtemp(prefix="solver-warm-"))
    try:
        work.chmod(0o755)
        shutil.copyfile(DRIVER, work / DRIVER.name)
        (work / "program.py").write_text(code)
        for index, text in enumerate(inputs):
            (work / f"input-{index}.txt").write_text(text)
        for path in work.iterdir():
            path.chmod(0o644)
        remaining = max(deadline_s - (time.monotonic() - call_start), 0.0)
        line_max = (limits.output_bytes + limits.stderr_keep_bytes) * 4 // 3 + 4096
        results_budget = max(64 * MIB, 2 * line_max)
        spec = {
            "program": "program.py",
            "inputs": len(inputs),
            "time_s": limits.time_s,
            "wall_s": limits.wall_limit_s,
            "memory_mib": limits.memory_mib,
            "address_space": limits.address_space,
            "spawn": limits.spawn,
            "output_bytes": limits.output_bytes,
            "stderr_keep_bytes": limits.stderr_keep_bytes,
            "deadline_s": remaining,
            "deadline_monotonic": call_start + deadline_s,
            "results_budget": results_budget,
            "processes": limits.processes,
        }
        batch = batch_limits(limits, remaining, results_budget)
        iso = isolation.detect()
        language = Python3()
        # Straight through the runner, not Program.run: the driver is the judge's own code and
        # runs as the sandbox's root when the judge is root (`server`), its children not.
        run = runner.run(
            [
                isolation.python_executable(),
                "-B",
                f"{box_path(iso, work)}/{DRIVER.name}",
                json.dumps(spec),
            ],
            language.run_limits(batch),
            binds=(Bind(work, isolation.BOX), *language.support_binds()),
            iso=iso,
            env={**language.support_env(iso), **language.run_env(iso)},
            server=True,
        )
        return _results(run, limits, len(inputs), deadline)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def batch_limits(limits: Limits, deadline_s: float, results_budget: int) -> Limits:
    """Limits of the one sandbox run that holds the whole batch: it may start processes (the
    children), run until the deadline, hold the driver and one child, and print every result."""
    return Limits(
        time_s=deadline_s + STARTUP_SLACK_S,
        wall_s=deadline_s + STARTUP_SLACK_S,
        memory_mib=limits.memory_mib + DRIVER_MEMORY_MIB,
        output_bytes=results_budget + MIB,
        processes=limits.processes + 4,
        scratch_mib=limits.scratch_mib,
        address_space=limits.address_space,
        spawn=True,
    )


def box_path(iso: isolation.Isolation, work: Path) -> str:
    """Where the batch's folder is seen from inside its sandbox."""
    return isolation.BOX if iso.bwrap else str(work)


def _results(
    run: RunResult, limits: Limits, count: int, deadline: float
) -> tuple[list[QuickRun], bool]:
    results: list[QuickRun] = []
    done: str | None = None
    for line in run.stdout.splitlines():
        try:
            record = json.loads(line)
            if "done" in record:
                done = str(record["done"])
                break
            if record["i"] != len(results):
                raise ValueError("results out of order")
            results.append(_quick(record, limits))
        except (ValueError, KeyError, TypeError, binascii.Error):
            break  # a cut-off last line, or the driver went wrong: judged below
    if done == "all" and len(results) == count:
        return results, True
    if done in ("deadline", "output budget") or (done is None and time.monotonic() >= deadline):
        # Stopped by the deadline (the driver's marker, written on a descriptor the children
        # never hold, or the judge's own clock), or out of room for results: a later batch
        # takes the rest.
        return results, True
    if done is not None:
        why = f"the driver ended with {done!r} after {len(results)} of {count} results"
    elif run.verdict is Verdict.OK:
        why = "the driver ended without its completion marker"
    else:
        why = run.message or f"batch ended with {run.verdict.value}"
    tail = run.stderr.decode(errors="replace").strip().splitlines()[-1:]
    message = f"the stress driver failed: {why}" + (f": {tail[0]}" if tail else "")
    return results + [QuickRun("JE", "", 0.0, message)] * (count - len(results)), False


def _quick(record: dict[str, object], limits: Limits) -> QuickRun:
    stdout = base64.b64decode(str(record["stdout"]), validate=True)
    stderr = base64.b64decode(str(record["stderr"]), validate=True)
    exit_code = record["exit_code"]
    signal_no = record["signal"]
    cpu = float(record["cpu_s"])  # type: ignore[arg-type]
    verdict, message = classify(
        limits,
        exit_code=exit_code if isinstance(exit_code, int) else None,
        signal_no=signal_no if isinstance(signal_no, int) else None,
        cpu_s=cpu,
        memory_mib=float(record["memory_mib"]),  # type: ignore[arg-type]
        stderr=stderr,
        wall_exceeded=bool(record["wall_exceeded"]),
        output_exceeded=bool(record["output_exceeded"]),
    )
    if verdict is Verdict.RTE:
        last = stderr.decode(errors="replace").strip().splitlines()[-1:]
        if last:
            message = f"{message}: {last[0]}"
    return QuickRun(verdict.value, stdout.decode(errors="replace"), cpu, message)
