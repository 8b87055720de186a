"""Drawing and shrinking test inputs with a model-written hypothesis strategy.

The strategy is model-written code, so it runs in the sandbox like any solution, driven by the
small scripts in `solver/drivers/`; hypothesis itself is made visible there read-only.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import hypothesis

from sandbox import isolation
from sandbox.isolation import Bind
from sandbox.languages import Program, Python3
from sandbox.limits import Limits

DRIVERS = Path(__file__).with_name("drivers")
SITE = "/judge/site"
DRIVER_LIMITS = Limits(time_s=60.0, wall_s=90.0, memory_mib=1024, processes=64)


@dataclass(frozen=True)
class DriverResult:
    ok: bool
    value: object
    error: str = ""


def _site_packages() -> Path:
    # hypothesis and its dependencies are installed side by side.
    return Path(hypothesis.__file__).resolve().parent.parent


def _run_driver(
    driver: str, files: dict[str, str], spec: dict[str, object], limits: Limits = DRIVER_LIMITS
) -> DriverResult:
    work = Path(tempfile.mkdtemp(prefix="solver-driver-"))
    try:
        work.chmod(0o755)
        shutil.copyfile(DRIVERS / driver, work / driver)
        for name, text in files.items():
            (work / name).write_text(text)
        for path in work.iterdir():
            path.chmod(0o644)
        iso = isolation.detect()
        site = Bind(_site_packages(), SITE)
        program = Program(
            Python3(), work, (isolation.python_executable(), "-B", f"{{box}}/{driver}")
        )
        run = program.run(
            limits,
            binds=(site,),
            args=(json.dumps(spec),),
            env={"PYTHONPATH": isolation.host_path(iso, site)},
        )
        if run.verdict.value != "OK":
            tail = run.stderr.decode(errors="replace").strip().splitlines()[-1:]
            return DriverResult(
                False,
                None,
                f"{run.verdict.value}: {run.message}" + (f": {tail[0]}" if tail else ""),
            )
        try:
            return DriverResult(True, json.loads(run.stdout))
        except ValueError:
            return DriverResult(False, None, "the driver printed no JSON")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def draw(
    generator: str,
    size: str,
    count: int,
    *,
    limits: Limits = DRIVER_LIMITS,
    seed: int | None = None,
) -> DriverResult:
    """Up to `count` distinct inputs of `size` ("tiny", "small" or "large"). Derandomized
    unless a `seed` is given (stress testing draws other inputs than the tests)."""
    spec: dict[str, object] = {"size": size, "count": count}
    if seed is not None:
        spec["seed"] = seed
    result = _run_driver(
        "draw.py", {"generator.py": generator}, spec, limits.with_(output_bytes=64 * 1024 * 1024)
    )
    if result.ok and not (
        isinstance(result.value, list) and all(isinstance(x, str) for x in result.value)
    ):
        return DriverResult(False, None, "the generator did not produce strings")
    return result


def shrink(
    generator: str,
    size: str,
    candidate: str,
    reference: str,
    *,
    timeout_s: float = 2.0,
    max_examples: int = 150,
) -> DriverResult:
    """The smallest input (as hypothesis shrinks it) on which `candidate` and `reference`
    disagree, or None when none is found."""
    result = _run_driver(
        "shrink.py",
        {"generator.py": generator, "candidate.py": candidate, "reference.py": reference},
        {"size": size, "timeout": timeout_s, "max_examples": max_examples},
        # The driver runs both programs as processes of its own.
        DRIVER_LIMITS.with_(time_s=120.0, wall_s=180.0, spawn=True),
    )
    if result.ok and isinstance(result.value, dict):
        return DriverResult(True, result.value.get("input"))
    return result if not result.ok else DriverResult(False, None, "unexpected driver output")


def worst_cases(
    generator: str, scales: list[float], *, limits: Limits = DRIVER_LIMITS, per_scale: int = 4
) -> DriverResult:
    """The generator's optional `worst_cases(scale)`: {"defined": bool, "cases": {scale:
    [inputs]}, "errors": {scale: message}}. A scale whose call fails is left out."""
    result = _run_driver(
        "worst.py",
        {"generator.py": generator},
        {"scales": scales, "per_scale": per_scale},
        limits.with_(output_bytes=64 * 1024 * 1024),
    )
    if result.ok and not (isinstance(result.value, dict) and "defined" in result.value):
        return DriverResult(False, None, "unexpected driver output")
    return result


def slowest(
    generator: str,
    size: str,
    candidate: str,
    *,
    timeout_s: float,
    max_examples: int = 12,
    limits: Limits = DRIVER_LIMITS,
) -> DriverResult:
    """The input of `size` on which `candidate` used the most CPU time, as hypothesis'
    `target()` searched for it: {"input": TEXT or None, "seconds": S, "examples": N}."""
    result = _run_driver(
        "slow.py",
        {"generator.py": generator, "candidate.py": candidate},
        {"size": size, "timeout": timeout_s, "max_examples": max_examples},
        # The driver runs the candidate as processes of its own.
        limits.with_(spawn=True, output_bytes=64 * 1024 * 1024),
    )
    if result.ok and not (isinstance(result.value, dict) and "input" in result.value):
        return DriverResult(False, None, "unexpected driver output")
    return result
