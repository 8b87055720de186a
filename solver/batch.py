"""Batch runs over problem sets: concurrent problems, a JSONL results file that survives kills,
resume, honest final scores on hidden tests, JUnit for pipelines, and Ray for scale-out."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.package import PackageError, iter_packages
from solver.cache import ResponseCache
from solver.client import ModelClient
from solver.config import ModelConfig
from solver.errors import BadInput, SolverError
from solver.escapes import escaped
from solver.loop import Budget
from solver.solve import solve_task
from solver.task import load_task

RESULT_VERSION = 1
Record = dict[str, Any]


@dataclass(frozen=True)
class BatchOptions:
    config: ModelConfig
    budget: Budget
    out_dir: Path
    use_cache: bool = True
    cache_path: Path | None = None
    test_jobs: int = 1


def find_problems(paths: Iterable[Path]) -> list[Path]:
    """Package folders among `paths` (each a package or a folder of packages), in order."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise BadInput(f"{path}: no such problem package or folder")
        found += [p.resolve() for p in iter_packages([path])]
    unique = list(dict.fromkeys(found))
    if not unique:
        raise BadInput("no problem packages found (a package has problem.yaml or data/)")
    return unique


def solve_record(path: Path, options: BatchOptions) -> Record:
    """Solve one problem and describe it in one record; never raises (a crash is recorded)."""
    start = time.monotonic()
    record: Record = {"version": RESULT_VERSION, "problem": path.name, "path": str(path)}
    try:
        task = load_task(path)
        cache = ResponseCache(options.cache_path) if options.use_cache else None
        client = ModelClient(options.config, cache=cache)
        solution = options.out_dir / f"{path.name}.solution.py"
        report = options.out_dir / f"{path.name}.report.json"
        solved = solve_task(
            task,
            client,
            options.budget,
            solution_path=solution,
            report_path=report,
            final_judge=True,
            final_tests="all",  # public + private, as LiveCodeBench counts a problem solved
            jobs=options.test_jobs,
        )
        data = solved.report
        final = data.get("final_judge") or {}
        record.update(
            {
                "status": "verified" if solved.outcome.verified else "unverified",
                "verified": solved.outcome.verified,
                "stop_reason": solved.outcome.stop_reason,
                "final_verdict": final.get("verdict"),
                "final_first_failure": final.get("first_failure"),
                "final_message": final.get("message") or "",
                "rounds": len(data["rounds"]),
                "tokens": data["tokens"],
                "cached_replies": sum(u.get("cached", 0) for u in data["usage"].values()),
                "solution": data.get("solution_path"),
                "report": str(report),
                "error": None,
                "strength": strength_of(data),
                "final_tests": final.get("tests_counted"),
                "grading": task.package.grading if task.package else None,
            }
        )
        if solved.exit_code == 3:
            record.update(status="error", error=solved.outcome.stop_reason)
    except (PackageError, SolverError) as exc:
        record.update(_error(str(exc)))
    except Exception as exc:  # a crash of the loop on one problem must not stop the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        record.update(
            _error(f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})")
        )
    record["seconds"] = round(time.monotonic() - start, 3)
    record["finished_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return record


def not_run(path: Path, reason: str) -> Record:
    """The record of a problem the batch never finished: an error, saying why (the summary
    and JUnit list it; the results file does not, so `--resume` runs it)."""
    return {
        "version": RESULT_VERSION,
        "problem": path.name,
        "path": str(path),
        **_error(f"not run: {reason}"),
        "seconds": 0.0,
    }


def _error(message: str) -> Record:
    return {
        "status": "error",
        "verified": False,
        "stop_reason": "error",
        "final_verdict": None,
        "final_first_failure": None,
        "final_message": "",
        "rounds": 0,
        "tokens": 0,
        "cached_replies": 0,
        "solution": None,
        "report": None,
        "error": message,
        "strength": None,
        "final_tests": None,
        "grading": None,
    }


def strength_of(report: Record) -> Record | None:
    """The report's `strength` (how strong "verified" is), reduced to the fields the results
    file promises, or None when the report has none (an older loop, or a crash before it)."""
    strength = report.get("strength")
    if not isinstance(strength, dict):
        return None
    agreement = strength.get("oracle_agreement")
    largest = strength.get("largest_input")
    largest = largest if isinstance(largest, dict) else {}
    return {
        "oracle_agreement": {
            str(name): {"tests": _int(tally.get("tests")), "agreed": _int(tally.get("agreed"))}
            for name, tally in (agreement.items() if isinstance(agreement, dict) else ())
            if isinstance(tally, dict)
        },
        "stress_comparisons": _int(strength.get("stress_comparisons")),
        "largest_input": {
            "size": _int(largest["size"]) if _number(largest.get("size")) else None,
            "seconds": (float(largest["seconds"]) if _number(largest.get("seconds")) else None),
            "limit_s": float(largest["limit_s"]) if _number(largest.get("limit_s")) else 0.0,
            "margin": float(largest["margin"]) if _number(largest.get("margin")) else 0.0,
        },
        "skipped": [str(s) for s in strength.get("skipped") or [] if isinstance(s, str)],
        "summary": str(strength.get("summary") or ""),
    }


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


MAXIMUM_SIZES_CHECK = "maximum sizes"
"""The skipped check (`"maximum sizes: why"`) the loop names when no input reached the stated
maximum constraints."""


def reached_maximum(record: Record) -> bool:
    """The record's loop timed an input at the maximum constraints: it names a largest input
    and did not skip the maximum-sizes check."""
    strength = record.get("strength")
    if not isinstance(strength, dict) or strength["largest_input"]["size"] is None:
        return False
    return not any(s.split(":", 1)[0].strip() == MAXIMUM_SIZES_CHECK for s in strength["skipped"])


class ResultsFile:
    """Append-only JSONL: each finished problem is one line, written with a single `write`
    and synced, so a kill leaves whole lines; a torn last line is cut off when read back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def load(self) -> dict[str, Record]:
        if not self.path.exists():
            return {}
        data = self.path.read_bytes()
        complete = data[: data.rfind(b"\n") + 1]
        if len(complete) != len(data):  # killed mid-write: drop the torn line
            with open(self.path, "r+b") as f:
                f.truncate(len(complete))
        records: dict[str, Record] = {}
        for number, line in enumerate(complete.decode().splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                raise BadInput(f"{self.path}:{number}: not a JSON line") from None
            records[record["path"]] = record
        return records

    def append(self, record: Record) -> None:
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                written = os.write(fd, line)
                while written < len(line):  # only on a full disk or the like
                    written += os.write(fd, line[written:])
                os.fsync(fd)
            finally:
                os.close(fd)


def run_local(
    problems: list[Path], options: BatchOptions, jobs: int, on_done: Callable[[Record], None]
) -> None:
    """Problems `jobs` at a time in this process; sandbox runs share the machine's cores."""
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    pending: set[Future[Record]] = {pool.submit(solve_record, p, options) for p in problems}
    try:
        while pending:
            # Woken twice a second: a SIGTERM or Ctrl-C that the kernel hands to a worker
            # thread only sets a flag, which the main thread reads when it next runs Python;
            # waiting without a timeout, it would not run until a problem finished (minutes).
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in done:
                on_done(fut.result())
    except KeyboardInterrupt:
        # Not waiting for the problems still running (a model reply may take minutes): the
        # command saves what finished and exits at once.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def run_ray(
    problems: list[Path], options: BatchOptions, address: str, on_done: Callable[[Record], None]
) -> None:
    """Problems as Ray tasks over a cluster; each worker runs the loop and its sandbox
    locally and the records stream back here as they finish."""
    try:
        import ray
    except ImportError:
        raise BadInput("--ray needs Ray: pip install 'solver[ray]'") from None
    if not ray.is_initialized():
        ray.init(
            address=None if address == "local" else address,
            log_to_driver=False,
            include_dashboard=False,
        )
    remote = ray.remote(num_cpus=1)(solve_record)
    pending = [remote.remote(p, options) for p in problems]
    try:
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                on_done(ray.get(ref))
    except KeyboardInterrupt:
        for ref in pending:
            ray.cancel(ref, force=True)
        raise


# ---- summaries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    problems: int
    verified: int
    unverified: int
    errors: int
    judged: int
    """Problems whose solution was judged on hidden tests."""
    passed_hidden: int
    false_verified: int
    """Verified, yet rejected by the hidden tests."""
    unverified_passing: int
    """Not verified, yet accepted by the hidden tests."""
    tokens: int
    seconds: float
    with_strength: int
    """Problems whose report says how strong its verification was."""
    stress_comparisons: int
    """Candidate-against-brute-force comparisons of the differential stress search, in all."""
    verified_reaching_maximum: int
    """Verified problems whose loop timed an input at the maximum constraints."""
    skipped_checks: int
    """Checks the loops could not make (each with its reason in the report)."""
    problems_with_skips: int
    oracle_agreement: dict[str, dict[str, int]]
    """Per oracle, over all problems: tests compared and tests on which it agreed."""


def totals(records: Iterable[Record]) -> Totals:
    rs = list(records)
    judged = [r for r in rs if r.get("final_verdict") is not None]
    strong = [r["strength"] for r in rs if isinstance(r.get("strength"), dict)]
    agreement: dict[str, dict[str, int]] = {}
    for strength in strong:
        for name, tally in strength["oracle_agreement"].items():
            sums = agreement.setdefault(name, {"tests": 0, "agreed": 0})
            sums["tests"] += tally["tests"]
            sums["agreed"] += tally["agreed"]
    return Totals(
        problems=len(rs),
        verified=sum(1 for r in rs if r["status"] == "verified"),
        unverified=sum(1 for r in rs if r["status"] == "unverified"),
        errors=sum(1 for r in rs if r["status"] == "error"),
        judged=len(judged),
        passed_hidden=sum(1 for r in judged if r["final_verdict"] == "AC"),
        false_verified=sum(1 for r in judged if r["verified"] and r["final_verdict"] != "AC"),
        unverified_passing=sum(
            1 for r in judged if not r["verified"] and r["final_verdict"] == "AC"
        ),
        tokens=sum(int(r.get("tokens") or 0) for r in rs),
        seconds=round(sum(float(r.get("seconds") or 0) for r in rs), 3),
        with_strength=len(strong),
        stress_comparisons=sum(st["stress_comparisons"] for st in strong),
        verified_reaching_maximum=sum(
            1 for r in rs if r["status"] == "verified" and reached_maximum(r)
        ),
        skipped_checks=sum(len(st["skipped"]) for st in strong),
        problems_with_skips=sum(1 for st in strong if st["skipped"]),
        oracle_agreement=dict(sorted(agreement.items())),
    )


def summary_rows(records: Iterable[Record]) -> Iterator[list[str]]:
    for r in records:
        yield [
            r["problem"],
            r["status"],
            r.get("final_verdict") or "-",
            strength_cell(r),
            str(r.get("rounds", 0)),
            str(r.get("tokens", 0)),
            f"{r.get('seconds', 0):.1f}",
            r.get("error") or (r.get("final_first_failure") or ""),
        ]


def strength_cell(record: Record) -> str:
    """The loop's one-line strength summary, without its `strength:` label; `-` without one."""
    strength = record.get("strength")
    if not isinstance(strength, dict) or not strength["summary"]:
        return "-"
    text = strength["summary"]
    return text[len("strength:") :].strip() if text.startswith("strength:") else text


SUMMARY_HEADER = [
    "problem",
    "status",
    "hidden tests",
    "strength",
    "rounds",
    "tokens",
    "seconds",
    "note",
]


def _markdown_cell(text: str) -> str:
    """One table cell of what may quote a program: a `|` or a line break would end the cell
    or the row, a control character is written as an escape."""
    one_line = " ".join(text.splitlines())
    return escaped(_NOT_XML, one_line).replace("|", "\\|")


def summary_markdown(records: list[Record]) -> str:
    t = totals(records)
    lines = [
        "# Batch summary",
        "",
        "| " + " | ".join(SUMMARY_HEADER) + " |",
        "|" + "---|" * len(SUMMARY_HEADER),
    ]
    lines += ["| " + " | ".join(map(_markdown_cell, row)) + " |" for row in summary_rows(records)]
    lines += ["", *summary_figures(t), ""]
    return "\n".join(lines)


def summary_figures(t: Totals) -> list[str]:
    return [
        f"- problems: {t.problems}; verified {t.verified}, unverified {t.unverified}, "
        f"errors {t.errors}",
        f"- judged on hidden tests: {t.judged}; accepted {t.passed_hidden}",
        f"- false verification (verified, but the hidden tests reject it): {t.false_verified}",
        f"- unverified but accepted by the hidden tests: {t.unverified_passing}",
        f"- strength reported by {t.with_strength} of {t.problems} problems: "
        f"{t.stress_comparisons} stress comparisons; verified with an input at the maximum "
        f"sizes {t.verified_reaching_maximum} of {t.verified}; skipped checks "
        f"{t.skipped_checks} (in {t.problems_with_skips} problems)",
        "- oracle agreement: "
        + (
            ", ".join(
                f"{name} {a['agreed']}/{a['tests']}" for name, a in t.oracle_agreement.items()
            )
            or "none reported"
        ),
        f"- tokens {t.tokens}, problem time {t.seconds:.1f} s",
    ]


def junit_xml(records: list[Record]) -> bytes:
    """One test case per problem; unverified problems fail (with the hidden-test verdict and
    first failing test), crashed ones are errors."""
    t = totals(records)
    failing = [
        r
        for r in records
        if r["status"] == "unverified"
        or (r["status"] == "verified" and r.get("final_verdict") not in (None, "AC"))
    ]
    suite = ET.Element(
        "testsuite",
        name="solver batch",
        tests=str(t.problems),
        failures=str(len(failing)),
        errors=str(t.errors),
        skipped="0",
        time=f"{t.seconds:.3f}",
    )
    for r in records:
        case = ET.SubElement(
            suite,
            "testcase",
            classname="solver.batch",
            name=r["problem"],
            time=f"{float(r.get('seconds') or 0):.3f}",
        )
        if r["status"] == "error":
            ET.SubElement(case, "error", message=r.get("error") or "error", type="error")
        elif r in failing:
            verdict = r.get("final_verdict") or "unjudged"
            first = r.get("final_first_failure")
            state = "verified" if r["verified"] else f"unverified ({r.get('stop_reason')})"
            message = f"{state}; hidden tests: {verdict}" + (f" on {first}" if first else "")
            failure = ET.SubElement(case, "failure", message=message, type=verdict)
            failure.text = r.get("final_message") or ""
        ET.SubElement(case, "system-out").text = (
            f"path={r['path']} rounds={r.get('rounds')} tokens={r.get('tokens')} "
            f"hidden={r.get('final_verdict')} strength={strength_cell(r)}"
        )
    suites = ET.Element(
        "testsuites",
        name="solver",
        tests=str(t.problems),
        failures=str(len(failing)),
        errors=str(t.errors),
        time=f"{t.seconds:.3f}",
    )
    suites.append(suite)
    for element in suites.iter():
        # Messages quote what programs wrote; XML 1.0 has no way to hold most control
        # characters, and one of them makes the whole report unreadable to a CI server.
        element.text = _xml_safe(element.text)
        for key, value in element.attrib.items():
            element.attrib[key] = _xml_safe(value) or ""
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str | None) -> str | None:
    """`text` with the characters XML 1.0 cannot hold written as Python escapes."""
    if text is None:
        return None
    return escaped(_NOT_XML, text)
