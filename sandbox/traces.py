"""Execution traces in CWM's frame format: recording real ones, reading predicted ones, and
finding where a prediction first parts from what really happened.

A trace covers one scope (the entry function, or the whole script): its call, each line about
to run with the scope's locals at that moment, and its return or exception. In CWM's text form
each frame ends with `<|frame_sep|>`, locals are a JSON object of reprs, and a value unchanged
since the previous frame is written `".."`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sandbox import isolation, quota, safe_io
from sandbox.isolation import JUDGE, Bind
from sandbox.languages import Program, Python3
from sandbox.limits import Limits
from sandbox.verdict import RunResult

FRAME_SEP = "<|frame_sep|>"
ACTION_SEP = "<|action_sep|>"
RETURN_SEP = "<|return_sep|>"
CALL_SEP = "<|call_sep|>"
LINE_SEP = "<|line_sep|>"
EXCEPTION_SEP = "<|exception_sep|>"
ARG_SEP = "<|arg_sep|>"
TRACE_START = "<|trace_context_start|>"
BEGIN, END = "<|begin_of_text|>", "<|end_of_text|>"
ENTRY_MARK = "# << START_OF_TRACE"
UNCHANGED = ".."
KINDS = {CALL_SEP: "call", LINE_SEP: "line", RETURN_SEP: "return", EXCEPTION_SEP: "exception"}
DRIVER = Path(__file__).with_name("trace_driver.py")
TRACE_FILE = "trace.jsonl"
TRACE_SLACK_BYTES = 64 * 1024
"""Read this much past the tracer's own --max-bytes (its last frame may run over)."""


@dataclass(frozen=True)
class Frame:
    kind: str
    """call, line, return or exception."""
    line: int
    source: str
    locals: dict[str, str] = field(default_factory=dict)
    """Every local's repr (never abbreviated here)."""
    value: str | None = None
    """The return value's or the exception's repr."""

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "line": self.line,
            "source": self.source,
            "locals": self.locals,
            "value": self.value,
        }


@dataclass(frozen=True)
class Trace:
    frames: list[Frame]
    cut: str = ""
    """Why recording stopped early ('' when it did not)."""
    malformed: int = 0
    """Frames of a predicted trace that could not be read and were skipped."""

    def to_json(self) -> dict[str, object]:
        return {
            "frames": [f.to_json() for f in self.frames],
            "cut": self.cut,
            "malformed": self.malformed,
        }


@dataclass(frozen=True)
class TraceRun:
    trace: Trace
    run: RunResult


def record(
    source: str,
    *,
    stdin: Path | None = None,
    entry: str | None = None,
    limits: Limits | None = None,
    max_frames: int = 10_000,
    max_bytes: int = 2_000_000,
) -> TraceRun:
    """Run a Python program in the sandbox under the tracer (same limits as a plain run)."""
    limits = limits or Limits()
    work = Path(tempfile.mkdtemp(prefix="solver-trace-"))
    try:
        work.chmod(0o755)
        out = work / "out"
        out.mkdir()
        out.chmod(0o777)
        shutil.copyfile(DRIVER, work / "trace_driver.py")
        (work / "program.py").write_text(source)
        for name in ("trace_driver.py", "program.py"):
            (work / name).chmod(0o644)
        iso = isolation.detect()
        out_bind = Bind(out, f"{JUDGE}/out", writable=True)
        box = isolation.BOX if iso.bwrap else str(work)
        spec = {
            "program": f"{box}/program.py",
            "entry": entry,
            "out": f"{isolation.host_path(iso, out_bind)}/{TRACE_FILE}",
            "max_frames": max_frames,
            "max_bytes": max_bytes,
        }
        program = Program(
            Python3(), work, (isolation.python_executable(), "-B", "{box}/trace_driver.py")
        )
        # The traced program runs in the tracer's process and may write there too: bounded.
        with quota.bounded_dir(out, 2 * max_bytes + TRACE_SLACK_BYTES, inodes=64):
            run = program.run(limits, stdin=stdin, binds=(out_bind,), args=(json.dumps(spec),))
            return TraceRun(_read(out, max_bytes + TRACE_SLACK_BYTES), run)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _read(out: Path, limit: int) -> Trace:
    """The frames the tracer wrote to out/trace.jsonl. The traced program runs in the same
    process as the tracer and may have rewritten that file as anything (a symlink to a secret,
    a FIFO, gigabytes, JSON of the wrong shape), so it is read with safe_io, bounded, and
    every record is checked."""
    try:
        data = safe_io.read_head(TRACE_FILE, limit, base=out)
    except FileNotFoundError:
        return Trace([], "the tracer wrote nothing")
    except safe_io.UnsafeFile as exc:
        return Trace([], f"the trace file was replaced ({exc.strerror}); not read")
    except OSError as exc:
        return Trace([], f"the trace file cannot be read: {exc.strerror or exc}")
    frames: list[Frame] = []
    cut = ""
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            cut = "the trace file ends in a partial frame (the run was stopped)"
            break
        if isinstance(item, dict) and item.get("kind") == "cut":
            cut = str(item.get("reason", "cut"))
            break
        frame = _frame(item)
        if frame is None:
            cut = "the trace file holds a malformed frame (the program wrote to it?)"
            break
        frames.append(frame)
    else:
        if len(data) >= limit:
            cut = f"the trace file passed {limit} bytes"
    return Trace(frames, cut)


def _frame(item: object) -> Frame | None:
    if not isinstance(item, dict):
        return None
    kind, line, source = item.get("kind"), item.get("line"), item.get("source")
    local_values, value = item.get("locals", {}), item.get("value")
    if (
        kind not in KINDS.values()
        or not isinstance(line, int)
        or not isinstance(source, str)
        or not isinstance(local_values, dict)
        or not (value is None or isinstance(value, str))
    ):
        return None
    return Frame(str(kind), line, source, {str(k): str(v) for k, v in local_values.items()}, value)


# ---- CWM's text format -------------------------------------------------------------------


def to_cwm(trace: Trace) -> str:
    """The frames as CWM writes them, unchanged values abbreviated."""
    parts = []
    previous: dict[str, str] = {}
    for f in trace.frames:
        if f.kind in ("call", "line"):
            shown = {k: (UNCHANGED if previous.get(k) == v else v) for k, v in f.locals.items()}
            sep = CALL_SEP if f.kind == "call" else LINE_SEP
            parts.append(f"{sep}{json.dumps(shown)}{ACTION_SEP}{f.source}{FRAME_SEP}")
            previous = dict(f.locals)
        else:
            sep = RETURN_SEP if f.kind == "return" else EXCEPTION_SEP
            parts.append(f"{sep}{ACTION_SEP}{f.source}{ARG_SEP}{json.dumps(f.value)}{FRAME_SEP}")
    return "".join(parts)


def cwm_prompt(source: str) -> str:
    """The completion prompt that asks CWM to trace `source` (entry already marked)."""
    return f"{BEGIN}{TRACE_START}{source}{FRAME_SEP}"


def with_stdin(source: str, stdin: str) -> str:
    """The program with its input built in, for a trace that must not depend on stdin (the
    model sees only source code): two lines in front, so line numbers shift by two."""
    return f"import io, sys\nsys.stdin = io.StringIO({stdin!r})\n{source}"


def mark_entry(source: str, entry: str | None) -> str:
    """Mark the entry point with CWM's trailing comment: the `def` of `entry`, else the first
    statement of the script."""
    lines = source.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if (entry is not None and stripped.startswith(f"def {entry}(")) or (
            entry is None and stripped and not stripped.startswith("#")
        ):
            lines[i] = f"{line}  {ENTRY_MARK}"
            break
    return "\n".join(lines) + "\n"


def from_cwm(text: str, source: str) -> Trace:
    """Read a predicted trace; frames that cannot be read are skipped and counted. Line
    numbers are recovered by finding each frame's source line in the program, in order."""
    program = [line.strip() for line in source.splitlines()]
    frames: list[Frame] = []
    malformed = 0
    previous: dict[str, str] = {}
    last_line = 0
    body = text.split(END, 1)[0]
    for chunk in body.split(FRAME_SEP):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        sep = next((s for s in KINDS if chunk.startswith(s)), None)
        if sep is None or ACTION_SEP not in chunk:
            malformed += 1
            continue
        kind = KINDS[sep]
        head, _, action = chunk[len(sep) :].partition(ACTION_SEP)
        value = None
        if kind in ("call", "line"):
            try:
                shown = json.loads(head) if head.strip() else {}
                if not isinstance(shown, dict):
                    raise ValueError
            except ValueError:
                malformed += 1
                continue
            local_values = {
                str(k): (previous.get(str(k), UNCHANGED) if v == UNCHANGED else str(v))
                for k, v in shown.items()
            }
            previous = local_values
            line_text = action
        else:
            line_text, _, raw = action.partition(ARG_SEP)
            try:
                value = str(json.loads(raw)) if raw.strip() else ""
            except ValueError:
                value = raw.strip()
            local_values = {}
        line_text = line_text.strip()
        last_line = _locate(program, line_text, last_line)
        frames.append(
            Frame(
                kind, last_line, line_text, local_values if kind in ("call", "line") else {}, value
            )
        )
    return Trace(frames, "", malformed)


def _locate(program: list[str], text: str, after: int) -> int:
    """The program line holding `text`: the first one at or after `after`, else any."""
    clean = text.replace(ENTRY_MARK, "").strip()
    order = list(range(max(after - 1, 0), len(program))) + list(range(0, max(after - 1, 0)))
    for i in order:
        if program[i].replace(ENTRY_MARK, "").strip() == clean:
            return i + 1
    return 0


# ---- first divergence ----------------------------------------------------------------------


@dataclass(frozen=True)
class Divergence:
    index: int
    """The first frame (0-based) where the traces differ."""
    what: str
    """line, value, return, exception or length."""
    sentence: str


def first_divergence(predicted: Trace, real: Trace) -> Divergence | None:
    """Where the predicted execution first parts from the real one; None when they agree
    (over the frames recorded, if the real trace was cut)."""
    for i, actual in enumerate(real.frames):
        where = _after(real.frames, i)
        if i >= len(predicted.frames):
            return Divergence(
                i,
                "length",
                f"your prediction stops after {len(predicted.frames)} "
                f"frames, but {where} the program went on to line {actual.line} "
                f"(`{actual.source}`)",
            )
        guess = predicted.frames[i]
        if actual.kind == "exception" and guess.kind != "exception":
            return Divergence(
                i,
                "exception",
                f"{where} the program raised {actual.value}, you expected {_describe(guess)}",
            )
        if guess.kind != actual.kind or (guess.line and guess.line != actual.line):
            return Divergence(
                i,
                "line",
                f"{where} the program went to {_describe(actual)}, you expected {_describe(guess)}",
            )
        if actual.kind in ("call", "line"):
            for name, value in actual.locals.items():
                if name in guess.locals and guess.locals[name] != value:
                    return Divergence(
                        i,
                        "value",
                        f"{where} `{name}` was {value}, you expected {guess.locals[name]}",
                    )
            missing = [n for n in actual.locals if n not in guess.locals]
            if missing and guess.locals:
                name = missing[0]
                return Divergence(
                    i,
                    "value",
                    f"{where} `{name}` was {actual.locals[name]}, "
                    "which your prediction does not have",
                )
        elif guess.value != actual.value:
            what = "returned" if actual.kind == "return" else "raised"
            return Divergence(
                i,
                actual.kind,
                f"{where} the function {what} {actual.value}, you expected {guess.value}",
            )
    if not real.cut and len(predicted.frames) > len(real.frames):
        extra = predicted.frames[len(real.frames)]
        return Divergence(
            len(real.frames),
            "length",
            f"the program ended after "
            f"{_after(real.frames, len(real.frames))[6:] or 'its last frame'}, "
            f"you expected it to go on to {_describe(extra)}",
        )
    return None


def _after(frames: list[Frame], i: int) -> str:
    return "at the start," if i == 0 else f"after line {frames[i - 1].line},"


def _describe(frame: Frame) -> str:
    if frame.kind == "return":
        return f"a return of {frame.value}"
    if frame.kind == "exception":
        return f"the exception {frame.value}"
    return f"line {frame.line} (`{frame.source}`)"


def listing(trace: Trace, limit: int | None = None) -> str:
    """A readable listing, one frame a line."""
    out = []
    previous: dict[str, str] = {}
    for f in trace.frames[:limit]:
        if f.kind in ("call", "line"):
            changed = {k: v for k, v in f.locals.items() if previous.get(k) != v}
            shown = ", ".join(f"{k}={v}" for k, v in changed.items())
            out.append(f"{f.kind:9} {f.line:4}  {f.source}" + (f"    # {shown}" if shown else ""))
            previous = dict(f.locals)
        else:
            out.append(f"{f.kind:9} {f.line:4}  {f.source}    -> {f.value}")
    if limit is not None and len(trace.frames) > limit:
        out.append(f"... {len(trace.frames) - limit} more frames")
    if trace.cut:
        out.append(f"[trace cut: {trace.cut}]")
    return "\n".join(out)
