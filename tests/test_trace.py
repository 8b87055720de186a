"""The execution world model: the real tracer, CWM's trace format, first divergence, `solver
predict` (one program, and the CruxEval-style dataset), and traces in the repair loop."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from sandbox import traces
from sandbox.limits import Limits
from sandbox.traces import Frame, Trace, first_divergence
from tests.conftest import run_cli
from tests.scripted_model import Reply, ScriptedModel, code, output

PROGRAM = """\
def best_sum(xs):
    best = 0
    cur = 0
    for x in xs:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best

n = int(input())
xs = list(map(int, input().split()))
print(best_sum(xs))
"""

RAISES = """\
def ratio(a, b):
    total = a + b
    return a // b

print(ratio(int(input()), 0))
"""


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Trace:
    stdin = tmp_path_factory.mktemp("in") / "in.txt"
    stdin.write_text("3\n1 -2 3\n")
    result = traces.record(PROGRAM, stdin=stdin, entry="best_sum")
    assert result.run.stdout == b"3\n"
    return result.trace


def test_real_trace_of_an_entry_function(real: Trace) -> None:
    kinds = [f.kind for f in real.frames]
    assert kinds[0] == "call" and kinds[-1] == "return" and set(kinds[1:-1]) == {"line"}
    assert real.frames[0] == Frame("call", 1, "def best_sum(xs):", {"xs": "[1, -2, 3]"})
    assert real.frames[-1].value == "3"
    # Locals are the scope's state as each line is about to run.
    sixth = real.frames[5]
    assert (sixth.line, sixth.source) == (6, "best = max(best, cur)")
    assert sixth.locals == {"xs": "[1, -2, 3]", "best": "0", "cur": "1", "x": "1"}
    loop_lines = [f.line for f in real.frames if f.kind == "line"]
    assert loop_lines.count(4) == 4  # three iterations and the exit test


def test_cwm_text_format_round_trip(real: Trace) -> None:
    text = traces.to_cwm(real)
    assert text.startswith(
        '<|call_sep|>{"xs": "[1, -2, 3]"}<|action_sep|>def best_sum(xs):'
        '<|frame_sep|><|line_sep|>{"xs": ".."}<|action_sep|>best = 0'
        "<|frame_sep|>"
    )
    assert text.endswith('<|return_sep|><|action_sep|>return best<|arg_sep|>"3"<|frame_sep|>')
    assert traces.from_cwm(text + traces.END, PROGRAM).frames == real.frames


def test_malformed_predicted_frames_are_skipped_and_counted(real: Trace) -> None:
    text = traces.to_cwm(real)
    broken = text.replace('<|line_sep|>{"xs": ".."}', '<|line_sep|>{"xs": ', 1)
    broken += (
        "garbage without separators<|frame_sep|><|line_sep|>not json<|action_sep|>x<|frame_sep|>"
    )
    parsed = traces.from_cwm(broken, PROGRAM)
    assert parsed.malformed == 3
    assert len(parsed.frames) == len(real.frames) - 1


def test_whole_script_and_exceptions(tmp_path: Path) -> None:
    stdin = tmp_path / "in.txt"
    stdin.write_text("7\n")
    whole = traces.record(RAISES, stdin=stdin)
    assert whole.run.verdict.value == "RTE"
    assert [f.line for f in whole.trace.frames if f.kind == "line"] == [1, 5]
    ratio = traces.record(RAISES, stdin=stdin, entry="ratio").trace
    assert ratio.frames[-2] == Frame(
        "exception",
        3,
        "return a // b",
        value="ZeroDivisionError('integer division or modulo by zero')",
    )
    assert ratio.frames[-1].kind == "return"


def test_bounds_are_said_never_silent(tmp_path: Path) -> None:
    stdin = tmp_path / "in.txt"
    stdin.write_text("3\n1 -2 3\n")
    by_frames = traces.record(PROGRAM, stdin=stdin, entry="best_sum", max_frames=5)
    assert len(by_frames.trace.frames) == 5
    assert by_frames.trace.cut == "frames limit of 5 reached"
    assert by_frames.run.stdout == b"3\n"  # the program itself ran on
    by_bytes = traces.record(PROGRAM, stdin=stdin, entry="best_sum", max_bytes=400)
    assert by_bytes.trace.cut == "bytes limit of 400 reached"
    assert "[trace cut: bytes limit of 400 reached]" in traces.listing(by_bytes.trace)


def test_traced_program_has_the_normal_limits(tmp_path: Path) -> None:
    looping = traces.record(
        "x = 0\nwhile True:\n    x += 1\n", limits=Limits(time_s=1), max_frames=100
    )
    assert looping.run.verdict.value == "TLE"
    assert looping.trace.cut == "frames limit of 100 reached"


def test_trace_command(tmp_path: Path) -> None:
    prog = tmp_path / "p.py"
    prog.write_text(PROGRAM)
    stdin = tmp_path / "in.txt"
    stdin.write_text("3\n1 -2 3\n")
    res = run_cli("trace", prog, "--input", stdin, "--entry", "best_sum", "--json")
    assert res.code == 0
    data = res.json()
    assert data["frames"][0]["kind"] == "call" and data["cut"] == ""
    assert data["run"]["stdout"] == "3\n"
    listing = run_cli("trace", prog, "--input", stdin, "--entry", "best_sum")
    assert "line         5  cur = max(x, cur + x)    # x=1" in listing.stdout
    cwm = run_cli("trace", prog, "--input", stdin, "--entry", "best_sum", "--cwm")
    assert cwm.stdout.startswith("<|call_sep|>")
    missing = run_cli("trace", prog, "--input", stdin, "--entry", "nope")
    assert missing.code == 2 and "no function named 'nope'" in missing.stderr


# ---- first divergence on hand-built pairs ------------------------------------------------


def replace(frames: list[Frame], index: int, **changes: Any) -> Trace:
    edited = list(frames)
    edited[index] = dataclasses.replace(edited[index], **changes)
    return Trace(edited)


def test_identical_traces_agree(real: Trace) -> None:
    assert first_divergence(Trace(list(real.frames)), real) is None


def test_wrong_branch(real: Trace) -> None:
    guess = replace(real.frames, 4, line=7, source="return best")
    d = first_divergence(guess, real)
    assert d is not None and d.what == "line" and d.index == 4
    assert d.sentence == (
        "after line 4, the program went to line 5 (`cur = max(x, cur + x)`), "
        "you expected line 7 (`return best`)"
    )


def test_wrong_value(real: Trace) -> None:
    locals_ = dict(real.frames[5].locals, cur="9")
    d = first_divergence(replace(real.frames, 5, locals=locals_), real)
    assert d is not None and d.what == "value"
    assert d.sentence == "after line 5, `cur` was 1, you expected 9"


def test_missing_loop_iteration(real: Trace) -> None:
    # The prediction leaves the loop after two iterations: it skips frames 10..12.
    guess = Trace(real.frames[:10] + real.frames[13:])
    d = first_divergence(guess, real)
    assert d is not None and d.index == 10 and d.what == "line"
    assert d.sentence.startswith("after line 4, the program went to line 5")


def test_unexpected_exception(tmp_path: Path) -> None:
    stdin = tmp_path / "in.txt"
    stdin.write_text("7\n")
    actual = traces.record(RAISES, stdin=stdin, entry="ratio").trace
    guess = Trace([*actual.frames[:-2], Frame("return", 3, "return a // b", value="7")])
    d = first_divergence(guess, actual)
    assert d is not None and d.what == "exception"
    assert d.sentence == (
        "after line 3, the program raised ZeroDivisionError('integer "
        "division or modulo by zero'), you expected a return of 7"
    )


def test_prediction_stops_early(real: Trace) -> None:
    d = first_divergence(Trace(real.frames[:6]), real)
    assert d is not None and d.what == "length" and d.index == 6
    assert d.sentence == (
        "your prediction stops after 6 frames, but after line 6, the program "
        "went on to line 4 (`for x in xs:`)"
    )


def test_wrong_return_value(real: Trace) -> None:
    d = first_divergence(replace(real.frames, len(real.frames) - 1, value="4"), real)
    assert d is not None and d.sentence == "after line 7, the function returned 3, you expected 4"


# ---- solver predict ----------------------------------------------------------------------


def program_from_prompt(prompt: str) -> str:
    body = prompt.removeprefix(traces.BEGIN + traces.TRACE_START).removesuffix(traces.FRAME_SEP)
    return body.replace("  " + traces.ENTRY_MARK, "")


def tracing_model(corrupt: bool) -> Any:
    """A stand-in for CWM's trace prediction: the true trace, optionally with the first
    changed value wrong."""

    def answer(body: dict[str, Any]) -> Reply:
        source = program_from_prompt(body["prompt"])
        entry = "main" if "def main(" in source else None
        true = traces.record(source, entry=entry).trace
        text = traces.to_cwm(true)
        if corrupt:
            text = re.sub(
                r'"(-?\d+)"(?=[,}])', lambda m: f'"{int(m.group(1)) + 100}"', text, count=1
            )
        return Reply(text + traces.END)

    return answer


def test_predict_with_cwm_trace(tmp_path: Path) -> None:
    prog = tmp_path / "p.py"
    prog.write_text(
        "def main():\n    n = int(input())\n    total = n * 2\n    print(total)\n\nmain()\n"
    )
    stdin = tmp_path / "in.txt"
    stdin.write_text("21\n")
    for corrupt, code_expected in ((False, 0), (True, 1)):
        with ScriptedModel({"trace": tracing_model(corrupt)}, models=("facebook/cwm",)) as m:
            res = run_cli(
                "predict",
                prog,
                "--input",
                stdin,
                "--trace",
                "--entry",
                "main",
                "--base-url",
                m.base_url,
                "--model",
                "facebook/cwm",
                "--json",
            )
            request = m.stage_requests("trace")[0]
        assert res.code == code_expected, res.stderr + res.stdout
        assert request.path.endswith("/completions") and "messages" not in request.body
        assert request.body["prompt"].startswith("<|begin_of_text|><|trace_context_start|>")
        assert "def main():  # << START_OF_TRACE" in request.body["prompt"]
        data = res.json()
        if corrupt:
            assert data["divergence"] == "after line 4, `n` was 21, you expected 121"
        else:
            assert data["agree"] is True


def test_predict_with_a_chat_model(tmp_path: Path) -> None:
    prog = tmp_path / "p.py"
    prog.write_text("n = int(input())\nsquare = n * n\nprint(square + 1)\n")
    stdin = tmp_path / "in.txt"
    stdin.write_text("5\n")
    right = '```json\n{"output": "26\\n", "values": {"n": "5", "square": "25"}}\n```'
    wrong = '```json\n{"output": "26\\n", "values": {"n": "5", "square": "20"}}\n```'
    with ScriptedModel({"predict-values": [right, wrong]}) as m:
        ok = run_cli(
            "predict",
            prog,
            "--input",
            stdin,
            "--trace",
            "--base-url",
            m.base_url,
            "--model",
            "scripted-model",
        )
        bad = run_cli(
            "predict",
            prog,
            "--input",
            stdin,
            "--trace",
            "--base-url",
            m.base_url,
            "--model",
            "scripted-model",
        )
        asked = m.stage_requests("predict-values")[0].user_text
    assert ok.code == 0, ok.stdout + ok.stderr
    assert "they agree" in ok.stdout
    assert bad.code == 1
    assert "first divergence: after line 2, `square` was 25, you expected 20" in bad.stdout
    assert "`square` right after line 2 runs for the last time" in asked


def test_output_prediction_dataset(tmp_path: Path) -> None:
    data = tmp_path / "cruxeval.jsonl"
    records = [
        {"id": "a", "code": "def f(x):\n    return x * 2", "input": "3", "output": "6"},
        {"id": "b", "code": "def f(s):\n    return s[::-1]", "input": "'ab'", "output": "'ba'"},
        {
            "id": "c",
            "code": "def f(xs):\n    return sorted(xs)",
            "input": "[3, 1]",
            "output": "[1, 3]",
        },
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in records))

    def answer(body: dict[str, Any]) -> str:
        user = body["messages"][-1]["content"]
        if "x * 2" in user:
            return output("6")
        if "[::-1]" in user:
            return "[ANSWER]assert f('ab') == 'ba'[/ANSWER]"
        return output("[3, 1]")  # wrong

    with ScriptedModel({"predict-output": answer}) as m:
        res = run_cli(
            "predict",
            "--dataset",
            data,
            "--results",
            tmp_path / "r.jsonl",
            "--base-url",
            m.base_url,
            "--model",
            "scripted-model",
            "--json",
        )
    assert res.code == 0, res.stderr
    summary = res.json()
    assert (summary["records"], summary["correct"], summary["accuracy"]) == (3, 2, 0.6667)
    assert summary["prompt_tokens"] == 300 and summary["completion_tokens"] == 150
    per_record = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [r["ok"] for r in per_record] == [True, True, False]


def test_malformed_dataset_is_bad_input(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"code": "def f(): pass"}\n')
    res = run_cli("predict", "--dataset", data, "--base-url", "http://127.0.0.1:9/v1")
    assert res.code == 2 and "expected a JSON object with code, input and output" in res.stderr


# ---- traces in the repair loop -----------------------------------------------------------


def test_repair_shows_the_first_divergence_to_cwm(tmp_path: Path) -> None:
    from tests.test_solve import BRUTE, GENERATOR, POSITIVES_ONLY, RIGHT, STATEMENT, VALIDATOR

    statement = tmp_path / "sum.md"
    statement.write_text(STATEMENT)

    def thought(reply: str) -> str:
        return "Let me think.\n</think>\n" + reply

    def predictor(body: dict[str, Any]) -> str:
        user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        text = re.findall(r"```input\n(.*?)```", user, re.S)[-1]  # the test, after the samples
        numbers = list(map(int, text.split()))
        return thought(output(str(sum(numbers[1 : 1 + numbers[0]]))))

    script = {
        "draft": [thought(code(POSITIVES_ONLY))],
        "repair": [thought(code(RIGHT))],
        "tests": [thought("```input\n1\n5\n```")],
        "generator": [thought(code(GENERATOR))],
        "validator": [thought(code(VALIDATOR))],
        "brute": [thought(code(BRUTE))],
        "predict": predictor,
        "trace": tracing_model(corrupt=True),
    }
    with ScriptedModel(script, models=("facebook/cwm",)) as m:
        res = run_cli(
            "solve",
            statement,
            "--base-url",
            m.base_url,
            "--model",
            "facebook/cwm",
            "-o",
            tmp_path / "s.py",
            "--report",
            tmp_path / "r.json",
            "--stress-seconds",
            "2",
            timeout=300,
        )
        repair = m.stage_requests("repair")[0].user_text
        traced = m.stage_requests("trace")[0].body["prompt"]
    assert res.code == 0, res.stderr + res.stdout
    assert "sys.stdin = io.StringIO('1\\n-1\\n')" in traced  # the shrunk input, built in
    assert "Tracing your program on this input" in repair
    assert re.search(r"after line \d+, `n` was 1, you expected 101", repair), repair
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["trace_notes"][0]["kind"] == "divergence"
    assert report["trace_notes"][0]["test"].startswith("shrunk/")


def test_repair_shows_a_real_trace_excerpt_to_other_models(tmp_path: Path) -> None:
    from tests.test_solve import POSITIVES_ONLY, STATEMENT, script

    statement = tmp_path / "sum.md"
    statement.write_text(STATEMENT)
    with ScriptedModel(script(draft=[code(POSITIVES_ONLY)])) as m:
        res = run_cli(
            "solve",
            statement,
            "--base-url",
            m.base_url,
            "--model",
            "scripted-model",
            "-o",
            tmp_path / "s.py",
            "--report",
            tmp_path / "r.json",
            "--stress-seconds",
            "2",
            timeout=300,
        )
        repair = m.stage_requests("repair")[0].user_text
    assert res.code == 0, res.stderr + res.stdout
    assert "The end of your program's real execution on this input" in repair
    assert "print(sum(x for x in map(int, data[1:1 + n]) if x > 0))" in repair
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["trace_notes"][0]["kind"] == "excerpt"
