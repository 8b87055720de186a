"""A scripted OpenAI-compatible model server on 127.0.0.1, answering by `X-Solver-Stage`.

Tests give it a script: for each stage, a list of actions taken in order (the last one repeats),
or a function of the request. An action is a reply text, or a `Reply`, `Status` or `Hang`.
Every request is recorded, so tests can check what the loop showed the model.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Reply:
    content: str
    finish_reason: str = "stop"
    prompt_tokens: int = 100
    completion_tokens: int = 50


@dataclass(frozen=True)
class Status:
    code: int
    message: str = "scripted failure"


@dataclass(frozen=True)
class Hang:
    seconds: float


Action = str | Reply | Status | Hang
Script = dict[str, list[Action] | Callable[[dict[str, Any]], Action]]


@dataclass
class Request:
    stage: str
    path: str
    body: dict[str, Any]

    @property
    def user_text(self) -> str:
        messages = self.body.get("messages") or []
        users = [m["content"] for m in messages if m.get("role") == "user"]
        return users[-1] if users else str(self.body.get("prompt", ""))


@dataclass
class ScriptedModel:
    script: Script
    models: tuple[str, ...] = ("scripted-model",)
    delay_s: float = 0.0
    """Every completion answers after this long (for benchmarks of overlapping requests)."""
    requests: list[Request] = field(default_factory=list)
    _positions: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedModel:
        handler = _handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def stage_requests(self, stage: str) -> list[Request]:
        return [r for r in self.requests if r.stage == stage]

    def next_action(self, stage: str, body: dict[str, Any]) -> Action:
        with self._lock:
            entry = self.script.get(stage)
            if entry is None:
                return Status(400, f"no script for stage {stage!r}")
            if callable(entry):
                try:
                    return entry(body)
                except Exception as exc:  # a script bug shows up as a server error
                    return Status(500, f"script failed: {exc!r}")
            index = self._positions.get(stage, 0)
            self._positions[stage] = index + 1
            return entry[min(index, len(entry) - 1)]


def _handler(model: ScriptedModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, code: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(
                    200,
                    {
                        "object": "list",
                        "data": [
                            {"id": m, "object": "model", "owned_by": "tests"} for m in model.models
                        ],
                    },
                )
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            stage = self.headers.get("X-Solver-Stage", "")
            model.requests.append(Request(stage, self.path, body))
            chat = self.path.endswith("/chat/completions")
            if not chat and not self.path.endswith("/completions"):
                self._send(404, {"error": {"message": "not found"}})
                return
            if model.delay_s:
                time.sleep(model.delay_s)
            choices = []
            for i in range(int(body.get("n") or 1)):
                action = model.next_action(stage, body)
                if isinstance(action, Hang):
                    time.sleep(action.seconds)
                    self._send(504, {"error": {"message": "hung"}})
                    return
                if isinstance(action, Status):
                    self._send(
                        action.code, {"error": {"message": action.message, "type": "scripted"}}
                    )
                    return
                reply = action if isinstance(action, Reply) else Reply(action)
                if chat:
                    choices.append(
                        {
                            "index": i,
                            "finish_reason": reply.finish_reason,
                            "message": {"role": "assistant", "content": reply.content},
                        }
                    )
                else:
                    choices.append(
                        {"index": i, "finish_reason": reply.finish_reason, "text": reply.content}
                    )
            self._send(
                200,
                {
                    "id": "scripted",
                    "object": "chat.completion" if chat else "text_completion",
                    "created": int(time.time()),
                    "model": body.get("model", ""),
                    "choices": choices,
                    "usage": {
                        "prompt_tokens": reply.prompt_tokens,
                        "completion_tokens": reply.completion_tokens * len(choices),
                        "total_tokens": reply.prompt_tokens
                        + reply.completion_tokens * len(choices),
                    },
                },
            )

    return Handler


def code(text: str) -> str:
    """A reply holding one Python block, with a little prose around it."""
    return f"Here is my solution.\n\n```python\n{text.strip()}\n```\n"


def output(text: str) -> str:
    return f"Reasoning done.\n```output\n{text.strip()}\n```\n"


def input_blocks(*texts: str) -> str:
    return "".join(f"```input\n{t.strip()}\n```\n" for t in texts)


def _largeness(text: str) -> int:
    """How large an input is, counting values: its tokens, or a number of its first line (an
    amount such as coin-ways' s <= 10^5 given as one number)."""
    first = text.split("\n", 1)[0].split()
    numbers = [int(t) for t in first if t.isdigit() and int(t) <= 10**7]  # not values
    tokens = text.split()
    longest = max((len(t) for t in tokens), default=0)  # a string of length n
    return max(len(tokens), longest, max(numbers, default=0))


def solving_script(
    packages: list[Path],
    *,
    answers: dict[str, Path] | None = None,
    oracles: dict[str, Path] | None = None,
    edge: dict[str, list[str]] | None = None,
) -> Script:
    """A model that 'knows' every given package: it answers with the package's accepted
    Python submission, predicts by running it, and generates the samples' inputs. The loop
    cannot tell; it is the stand-in for a model that gets every problem right.

    `answers` / `oracles` (by package name) replace the submission it drafts with, or the one
    its brute force and predictions come from: a model that is wrong in a chosen way; `edge`
    adds edge-case inputs it lists. Its generator draws the samples, and for size "large" the
    package's largest secret input (counting values) of at most 4 MiB (a stand-in that knows
    the problem); asked for a complexity or the input's bounds, it states none (the check is
    then skipped, the statement's bounds stand); asked for an alternative solution, it writes
    the package's last accepted Python submission."""
    known: list[tuple[str, Path]] = []
    for pkg in packages:
        statement = next((p for p in sorted(pkg.glob("*statement*/problem*.md"))), None)
        accepted = sorted((pkg / "submissions" / "accepted").glob("*.py"))
        if statement is not None and accepted:
            known.append((statement.read_text(), accepted[0]))
    by_package = {accepted.parent.parent.parent.name: accepted for _, accepted in known}

    def solution_for(body: dict[str, Any]) -> Path:
        text = json.dumps(body.get("messages") or body.get("prompt"))
        for statement, accepted in known:
            if json.dumps(statement)[1:-1][:400] in text:
                return accepted
        raise KeyError("unknown problem")

    def chosen(body: dict[str, Any], table: dict[str, Path] | None) -> Path:
        accepted = solution_for(body)
        name = accepted.parent.parent.parent.name
        return (table or {}).get(name, by_package[name])

    def answer_code(body: dict[str, Any]) -> Action:
        return code(chosen(body, answers).read_text())

    def alternative_code(body: dict[str, Any]) -> Action:
        """Another accepted Python submission where the package has one (an independent
        solution), else the same."""
        first = solution_for(body)
        others = sorted(first.parent.glob("*.py"))
        return code(others[-1].read_text())

    def oracle_code(body: dict[str, Any]) -> Action:
        return code(chosen(body, oracles).read_text())

    def sample_inputs(body: dict[str, Any]) -> list[str]:
        pkg = solution_for(body).parent.parent.parent
        return [p.read_text() for p in sorted((pkg / "data" / "sample").glob("*.in"))]

    def large_input(body: dict[str, Any]) -> str | None:
        """A large valid input the stand-in 'knows': the package's largest secret input of at
        most 4 MiB (the loop never reads data/secret; this model is a test double)."""
        pkg = solution_for(body).parent.parent.parent
        found = sorted(
            (_largeness(p.read_text()), str(p))
            for p in (pkg / "data" / "secret").rglob("*.in")
            if p.stat().st_size <= 4 * 1024 * 1024
        )
        return Path(found[-1][1]).read_text() if found else None

    def samples_generator(body: dict[str, Any]) -> Action:
        inputs = sample_inputs(body)
        large = large_input(body)
        return code(
            "from hypothesis import strategies as st\n\n"
            f"SAMPLES = {inputs!r}\n"
            f"LARGE = {[large] if large else inputs!r}\n\n"
            "@st.composite\ndef inputs(draw, size):\n"
            "    return draw(st.sampled_from(LARGE if size == 'large' else SAMPLES))\n"
        )

    def predict(body: dict[str, Any]) -> Action:
        user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        # The last block is the test: the statement shows the samples as ```input blocks too.
        found = re.findall(r"```input\n(.*?)```", user, re.S)
        text = found[-1] if found else ""
        run = subprocess.run(
            [sys.executable, str(chosen(body, oracles))],
            input=text,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return output(run.stdout)

    return {
        "draft": answer_code,
        "repair": answer_code,
        "brute": oracle_code,
        "tests": lambda body: input_blocks(
            *sample_inputs(body),
            *(edge or {}).get(solution_for(body).parent.parent.parent.name, []),
        ),
        "generator": samples_generator,
        "validator": lambda _b: code("import sys\nsys.exit(0)\n"),
        "predict": predict,
        "complexity": lambda _b: "I would rather not guess its complexity.",
        "alt": alternative_code,
        # Asked for the input's bounds, it lists none: the statement's chains are all there is.
        "bounds": lambda _b: "The statement gives the bounds; I have nothing to add.",
    }


def weak_generator(generator: str) -> str:
    """A stand-in's generator that never reaches the maximum (issue 16): `generator` with
    every size drawn as "small" and no `worst_cases`, as a model writes one that takes inputs
    of a few dozen tokens for "the maximum constraints"."""
    return (
        generator.rstrip()
        + "\n\n\n_full_inputs = inputs\n\n\ndef inputs(size):\n"
        + "    if size in ('tiny', 'small'):\n"
        + "        return _full_inputs(size)\n"
        # Other draws than the small ones (a weak generator's inputs are distinct, not copies).
        + "    from hypothesis import strategies as _st\n"
        + "    return _st.tuples(_st.integers(0, 10**6), _full_inputs('small')).map("
        + "lambda pair: pair[1])\n\n\nworst_cases = None\n"
    )


# ---- stand-in behaviours (options for the loop's tests and benchmarks/mutants.py) -------------

Stage = Callable[[dict[str, Any]], Action]


def asked_input(body: dict[str, Any]) -> str:
    """The test input of a `predict` request: its last ```input block (the samples come
    first)."""
    user = [m["content"] for m in body.get("messages", []) if m.get("role") == "user"]
    found = re.findall(r"```input\n(.*?)```", user[-1] if user else "", re.S)
    return found[-1] if found else ""


def consistently_wrong(
    predict: Stage, *, every: int = 3, spare: set[str] | frozenset[str] = frozenset()
) -> Stage:
    """Predictions wrong in the same way: for about one input in `every` (chosen by the
    input's checksum, so the same inputs every time) each reply has its last number changed
    (an integer + 1, a decimal + 1.5); inputs in `spare` (the samples, say) are left right.
    Asking again gets the same wrong answer, as a model that misreads the problem would give."""

    def wrong(body: dict[str, Any]) -> Action:
        action = predict(body)
        text = asked_input(body)
        if text in spare or zlib.crc32(text.encode()) % every:
            return action
        content = action.content if isinstance(action, Reply) else action
        if not isinstance(content, str):
            return action
        changed = _last_number_changed(content)
        return Reply(changed) if isinstance(action, Reply) else changed

    return wrong


def _last_number_changed(text: str) -> str:
    found = list(re.finditer(r"-?\d+(\.\d+)?", text))
    if not found:
        return text + "x"
    last = found[-1]
    if last.group(1):
        value = f"{float(last.group(0)) + 1.5:.{len(last.group(1)) - 1}f}"
    else:
        value = str(int(last.group(0)) + 1)
    return text[: last.start()] + value + text[last.end() :]
