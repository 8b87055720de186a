"""The model as a world model of execution: predicted traces (CWM's format, through the
completions endpoint), predicted outputs and variable values (chat, any model), compared with
what the sandbox's tracer recorded."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sandbox import traces
from sandbox.traces import Divergence, Frame, Trace
from solver import parse
from solver.client import ModelClient
from solver.prompts import Prompt, _prompt, shown

if TYPE_CHECKING:
    from solver.loop.interfaces import Model

TRACE_STAGE = "trace"
VALUES_STAGE = "predict-values"
OUTPUT_STAGE = "predict-output"
MAX_PROBES = 3


def predicted_trace(client: Model, source: str, entry: str | None, max_tokens: int = 4096) -> Trace:
    """CWM traces `source` (entry marked) through the raw completions endpoint. `client` is
    the loop's model (the `Model` protocol) or the `predict` command's `ModelClient`."""
    marked = traces.mark_entry(source, entry)
    reply = client.complete(
        TRACE_STAGE, traces.cwm_prompt(marked), stop=[traces.END], max_tokens=max_tokens
    )
    return traces.from_cwm(reply.answer, marked)


@dataclass(frozen=True)
class Probe:
    line: int
    name: str
    value: str
    """The real value (repr) just before `line` ran again or the scope ended."""


def choose_probes(real: Trace, limit: int = MAX_PROBES) -> list[Probe]:
    """Variables worth asking about: the last value each assigned variable took, at the line
    that set it (the first frame whose locals show the final value comes after that line)."""
    probes: dict[str, Probe] = {}
    frames = real.frames
    for i in range(1, len(frames)):
        before, after = frames[i - 1], frames[i]
        for name, value in after.locals.items():
            if before.locals.get(name) != value and before.kind in ("call", "line"):
                probes[name] = Probe(before.line, name, value)
    return list(probes.values())[-limit:]


def values_prompt(client: ModelClient, source: str, stdin: str, probes: list[Probe]) -> Prompt:
    asks = "\n".join(
        f"- `{p.name}` right after line {p.line} runs for the last time" for p in probes
    )
    numbered = "\n".join(f"{i:4}  {line}" for i, line in enumerate(source.splitlines(), 1))
    return _prompt(
        VALUES_STAGE,
        client.config,
        (
            "Predict what this Python program does, by reasoning about its execution step by "
            f"step.\n```python\n{numbered}\n```\nIts standard input:\n```input\n{shown(stdin)}```\n"
            f"Give its exact standard output, and these values as Python reprs:\n{asks}\n"
            'Reply with one ```json block holding {"output": "...", "values": {"NAME": '
            '"REPR", ...}}.'
        ),
    )


@dataclass(frozen=True)
class ValuesPrediction:
    output: str | None
    values: dict[str, str]


def predicted_values(
    client: ModelClient, source: str, stdin: str, probes: list[Probe]
) -> ValuesPrediction:
    prompt = values_prompt(client, source, stdin, probes)
    replies = client.chat(prompt.stage, prompt.messages, prefill_think=prompt.prefill_think)
    text = replies[0].answer if replies else ""
    block = parse.output_block(text, ("json", ""))
    try:
        data = json.loads(block or "")
    except ValueError:
        return ValuesPrediction(None, {})
    if not isinstance(data, dict):
        return ValuesPrediction(None, {})
    values = data.get("values") if isinstance(data.get("values"), dict) else {}
    output = data.get("output")
    return ValuesPrediction(
        output if isinstance(output, str) else None,
        {str(k): str(v) for k, v in (values or {}).items()},
    )


def probe_divergence(probes: list[Probe], predicted: ValuesPrediction) -> Divergence | None:
    for i, probe in enumerate(probes):
        guess = predicted.values.get(probe.name)
        if guess is None or _same_value(guess, probe.value):
            continue
        return Divergence(
            i,
            "value",
            f"after line {probe.line}, `{probe.name}` was {probe.value}, you expected {guess}",
        )
    return None


def _same_value(a: str, b: str) -> bool:
    if a.strip() == b.strip():
        return True
    try:
        return bool(ast.literal_eval(a) == ast.literal_eval(b))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


def excerpt(real: Trace, frames: int = 12) -> str:
    """The end of a real trace, where a wrong output is usually made."""
    tail = Trace(real.frames[-frames:], real.cut)
    skipped = len(real.frames) - len(tail.frames)
    head = f"(the last {len(tail.frames)} of {len(real.frames)} frames)\n" if skipped else ""
    return head + traces.listing(tail)


# ---- predicting a function's output (the CruxEval layout) ---------------------------------


def output_prompt(client: ModelClient, code: str, call_input: str) -> Prompt:
    return _prompt(
        OUTPUT_STAGE,
        client.config,
        (
            "You are given a Python function and an input to it. Work out what the function "
            "returns, executing it step by step in your head.\n"
            f"```python\n{code.rstrip()}\n```\n"
            f"What is the value of `f({call_input})`? Reply with the value as a Python literal in "
            "one ```output block."
        ),
    )


_ANSWER = re.compile(r"\[ANSWER\](.*?)\[/ANSWER\]", re.S)


def predicted_output(client: ModelClient, code: str, call_input: str) -> str | None:
    prompt = output_prompt(client, code, call_input)
    replies = client.chat(
        prompt.stage, prompt.messages, prefill_think=prompt.prefill_think, temperature=0.0
    )
    text = replies[0].answer if replies else ""
    block = parse.output_block(text, ("output", "python", ""))
    if block is None:
        m = _ANSWER.search(text)
        block = m.group(1) if m else None
    if block is None:
        return None
    value = block.strip()
    m = re.match(r"assert\s+f\(.*\)\s*==\s*(.+)$", value, re.S)
    return (m.group(1) if m else value).strip()


def outputs_match(predicted: str | None, expected: str) -> bool:
    return predicted is not None and _same_value(predicted, expected)


def frame_summary(frame: Frame) -> str:
    return f"{frame.kind} line {frame.line}: {frame.source}"
