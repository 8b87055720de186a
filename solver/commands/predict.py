"""`solver predict`: the model as a world model of execution, compared with the real run."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sandbox import traces
from solver.commands.options import (
    ENTRY,
    INPUT,
    JSON,
    ApiKey,
    BaseUrl,
    Model,
    Retries,
    Timeout,
    python_source,
)
from solver.config import load_config
from solver.console import out, print_json, progress_bar
from solver.errors import BadInput

if TYPE_CHECKING:
    from solver.client import ModelClient


def register(app: typer.Typer) -> None:
    app.command("predict")(predict_command)


def predict_command(
    program: Annotated[Path | None, typer.Argument(help="Python program.")] = None,
    input: INPUT = None,
    trace: Annotated[
        bool,
        typer.Option(
            "--trace",
            help="Predict the execution too: the "
            "whole trace with CWM, chosen variables' values with other models.",
        ),
    ] = False,
    entry: ENTRY = None,
    dataset: Annotated[
        Path | None,
        typer.Option(
            "--dataset",
            help="JSONL of {code, input, "
            "output} records (the CruxEval layout): report the accuracy of "
            "predicted outputs.",
        ),
    ] = None,
    results: Annotated[
        Path | None,
        typer.Option("--results", help="With --dataset: write one JSON line per record here."),
    ] = None,
    base_url: BaseUrl = None,
    model: Model = None,
    api_key: ApiKey = None,
    timeout: Timeout = None,
    retries: Retries = None,
    as_json: JSON = False,
) -> None:
    """Ask the model what a program will do, and compare with what it really does.

    The program runs in the sandbox under the tracer; the model predicts its output (and with
    --trace, with CWM, its whole execution trace through the completions endpoint; with other
    models, the values of chosen variables). The prediction is printed next to the real run
    with the first place where they part. Exit 0 when they agree, 1 when not.

    With --dataset, runs the output-prediction benchmark instead (CruxEval-Output layout).

    Example:

        solver predict prog.py -i in.txt --trace --base-url http://127.0.0.1:8000/v1
    """
    from solver import predict as world  # imported here: other commands start without it
    from solver.client import ModelClient, ModelFailed

    config = load_config(
        {
            "base_url": base_url,
            "model": model,
            "api_key": api_key,
            "timeout_s": timeout,
            "retries": retries,
        }
    )
    client = ModelClient(config)
    if dataset is not None:
        _dataset(client, dataset, results, as_json)
        return
    if program is None:
        raise BadInput("give a PROGRAM (with --input) or --dataset FILE.jsonl")
    source = python_source(program)
    stdin = input.read_text() if input is not None else ""
    client.check()
    traced = traces.with_stdin(source, stdin)
    real = traces.record(traced, entry=entry)
    real_out = real.run.stdout.decode(errors="replace")
    report: dict[str, object] = {
        "real": {
            "output": real_out,
            "verdict": real.run.verdict.value,
            "frames": len(real.trace.frames),
        }
    }
    divergence = None
    try:
        if trace and config.is_cwm:
            guess = world.predicted_trace(client, traced, entry)
            divergence = traces.first_divergence(guess, real.trace)
            report["predicted"] = {
                "mode": "trace",
                "frames": len(guess.frames),
                "malformed": guess.malformed,
            }
            left, right = traces.listing(guess, 40), traces.listing(real.trace, 40)
        else:
            probes = world.choose_probes(real.trace) if trace else []
            guess_values = world.predicted_values(
                client, source, stdin, [world.Probe(p.line - 2, p.name, p.value) for p in probes]
            )
            if guess_values.output is None or guess_values.output.split() != real_out.split():
                divergence = traces.Divergence(
                    0,
                    "output",
                    f"the program printed "
                    f"{real_out.strip()!r}, you expected "
                    f"{(guess_values.output or '').strip()!r}",
                )
            else:
                divergence = world.probe_divergence(
                    [world.Probe(p.line - 2, p.name, p.value) for p in probes], guess_values
                )
            report["predicted"] = {
                "mode": "values",
                "output": guess_values.output,
                "values": guess_values.values,
            }
            left = f"output: {guess_values.output!r}\n" + "\n".join(
                f"{k} = {v}" for k, v in guess_values.values.items()
            )
            right = f"output: {real_out!r}\n" + "\n".join(
                f"{p.name} = {p.value} (after line {p.line - 2})" for p in probes
            )
    except ModelFailed as exc:
        raise BadInput(str(exc)) from None
    report["agree"] = divergence is None
    report["divergence"] = divergence.sentence if divergence else None
    report["usage"] = {s: u.to_json() for s, u in client.usage.items()}
    if as_json:
        print_json(report)
    else:
        out.print("[bold]predicted[/]")
        out.print(left, markup=False, highlight=False)
        out.print("[bold]real[/]")
        out.print(right, markup=False, highlight=False)
        out.print(
            "[bold green]they agree[/]"
            if divergence is None
            else f"[bold yellow]first divergence:[/] {divergence.sentence}"
        )
    raise typer.Exit(0 if divergence is None else 1)


def _dataset(client: ModelClient, path: Path, results: Path | None, as_json: bool) -> None:
    from solver import predict as world
    from solver.client import ModelFailed

    if not path.is_file():
        raise BadInput(f"{path}: no such dataset")
    records = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            records.append(
                (str(item["code"]), str(item["input"]), str(item["output"]), item.get("id", number))
            )
        except (ValueError, KeyError, TypeError):
            raise BadInput(
                f"{path}:{number}: expected a JSON object with code, input and output"
            ) from None
    client.check()
    start = time.monotonic()
    correct = failed = 0
    lines = []
    with progress_bar("predicting outputs", len(records)) as bar:
        for code, call_input, expected, ident in records:
            try:
                guess = world.predicted_output(client, code, call_input)
            except ModelFailed:
                guess, failed = None, failed + 1
            ok = world.outputs_match(guess, expected)
            correct += ok
            lines.append({"id": ident, "predicted": guess, "expected": expected, "ok": ok})
            if bar is not None:
                bar.advance(bar.task_ids[0])
    if results is not None:
        results.write_text("".join(json.dumps(r) + "\n" for r in lines))
    usage = client.usage.get(world.OUTPUT_STAGE)
    summary = {
        "records": len(records),
        "correct": correct,
        "accuracy": round(correct / len(records), 4) if records else 0.0,
        "failed_requests": failed,
        "prompt_tokens": usage.prompt_tokens if usage else 0,
        "completion_tokens": usage.completion_tokens if usage else 0,
        "cached": usage.cached if usage else 0,
        "seconds": round(time.monotonic() - start, 3),
        "model": client.config.model,
    }
    if as_json:
        print_json(summary)
    else:
        accuracy = correct / len(records) if records else 0.0
        out.print(
            f"accuracy {accuracy * 100:.1f}% ({correct}/{len(records)}), "
            f"{summary['prompt_tokens']} prompt + {summary['completion_tokens']} "
            f"completion tokens, {summary['seconds']} s, model {client.config.model}"
        )
    raise typer.Exit(0)
