"""Command-line options shared by several commands, each defined once.

The loop's options (the model's endpoint and sampling, every setting of the loop's `Budget`,
the Python runtime) are one group, `LoopOptions`, added to a command by `@loop_options`: `solve`
and `batch` offer the same flags with the same defaults and help, and a setting added to the
group reaches both.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from sandbox.languages import PYTHON_RUNTIME_ENV, PYTHON_RUNTIMES
from solver.config import load_config
from solver.errors import BadInput

if TYPE_CHECKING:
    from solver.config import ModelConfig
    from solver.loop import Budget

BaseUrl = Annotated[
    str | None,
    typer.Option(
        "--base-url", help="OpenAI-compatible endpoint [env: SOLVER_BASE_URL, OPENAI_BASE_URL]."
    ),
]
Model = Annotated[
    str | None,
    typer.Option("--model", help="Model name [env: SOLVER_MODEL; default facebook/cwm]."),
]
ApiKey = Annotated[
    str | None, typer.Option("--api-key", help="API key [env: SOLVER_API_KEY, OPENAI_API_KEY].")
]
Timeout = Annotated[float | None, typer.Option("--timeout", help="Seconds per request.")]
Retries = Annotated[
    int | None, typer.Option("--retries", help="Retries per request (with backoff).")
]
Temperature = Annotated[float | None, typer.Option("--temperature", help="Sampling temperature.")]
MaxTokens = Annotated[int | None, typer.Option("--max-tokens", help="Tokens per reply.")]

JSON = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
PYTHON = Annotated[
    str | None,
    typer.Option(
        "--python",
        help="Python 3 runtime for .py programs: cpython or pypy3 (as Kattis). "
        "Default: the package's .solver.yaml, else $SOLVER_PYTHON_RUNTIME, "
        "else cpython.",
    ),
]
JOBS = Annotated[
    int,
    typer.Option(
        "-j",
        "--jobs",
        min=1,
        help="Tests run at once (at most the number of cores keeps timings honest).",
    ),
]
ALL_CORES_JOBS = Annotated[
    int | None,
    typer.Option(
        "-j",
        "--jobs",
        min=1,
        help="Sandbox runs at once (default: every core the sandbox may use; CPU times stay "
        "honest up to the number of cores).",
    ),
]


INPUT = Annotated[Path | None, typer.Option("--input", "-i", help="File fed on stdin.")]
ENTRY = Annotated[
    str | None, typer.Option("--entry", help="Trace this function (default: the whole script).")
]


def python_source(program: Path) -> str:
    """The text of a PROGRAM argument that must be a Python file (trace, predict)."""
    if not program.is_file():
        raise BadInput(f"{program}: no such program")
    if program.suffix != ".py":
        raise BadInput(f"{program}: only Python programs can be traced")
    return program.read_text()


def use_python(runtime: str | None) -> None:
    """Make `runtime` the Python 3 of every program built from here on (this process and the
    processes it starts): an environment variable, so batch workers inherit it."""
    if runtime is None:
        return
    if runtime not in PYTHON_RUNTIMES:
        raise BadInput(f"--python must be one of {', '.join(PYTHON_RUNTIMES)}, not {runtime!r}")
    if not PYTHON_RUNTIMES[runtime].available():
        raise BadInput(
            f"--python {runtime}: not installed (Debian/Ubuntu: apt-get install {runtime})"
        )
    os.environ[PYTHON_RUNTIME_ENV] = runtime


def existing(path: Path, what: str) -> Path:
    if not path.exists():
        raise BadInput(f"{path}: no such {what}")
    return path


@dataclass(frozen=True)
class LoopOptions:
    """The loop's settings as given on the command line. The budget's defaults are
    `solver.loop.Budget`'s (a test keeps them equal; the loop is not imported here so that
    other commands start without its import time)."""

    base_url: BaseUrl = None
    model: Model = None
    api_key: ApiKey = None
    temperature: Temperature = None
    max_tokens: MaxTokens = None
    timeout: Timeout = None
    retries: Retries = None
    rounds: Annotated[
        int,
        typer.Option(
            "--rounds", min=1, help="Evaluation rounds; each after the first starts with a repair."
        ),
    ] = 5
    token_budget: Annotated[
        int, typer.Option("--token-budget", min=1, help="Tokens for one problem's loop.")
    ] = 500_000
    time_budget: Annotated[
        float, typer.Option("--time-budget", min=1, help="Seconds for one problem's loop.")
    ] = 1800.0
    candidates: Annotated[
        int, typer.Option("--candidates", min=1, help="Drafts written at the start.")
    ] = 1
    predictions: Annotated[
        int,
        typer.Option("--predictions", min=1, help="Model predictions per test (majority vote)."),
    ] = 3
    stress_seconds: Annotated[
        float,
        typer.Option(
            "--stress-seconds",
            min=0,
            help="Wall-clock safety cap on the differential search against a trusted "
            "brute force, per candidate (0: none; hitting it is reported as weak evidence).",
        ),
    ] = 120.0
    generator_seconds: Annotated[
        float,
        typer.Option(
            "--generator-seconds",
            min=1,
            help="Wall time for drawing inputs from the model's generator, all sizes together.",
        ),
    ] = 60.0
    time_margin: Annotated[
        float,
        typer.Option(
            "--time-margin",
            min=0,
            max=0.9,
            help="At the maximum sizes a candidate may use at most (1 - margin) of the time limit.",
        ),
    ] = 0.2
    python: PYTHON = None
    stress_comparisons: Annotated[
        int,
        typer.Option(
            "--stress-comparisons",
            min=0,
            help="Comparisons with a trusted brute force planned before a candidate is "
            "verified, per candidate (0: none).",
        ),
    ] = 500
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives",
            min=0,
            help="Independent fast solutions the model writes without seeing the candidate, "
            "compared with it at every size, the maximum included (0: none).",
        ),
    ] = 1

    def config(self) -> ModelConfig:
        """The model's configuration: these flags over the config file and the environment."""
        return load_config(
            {
                "base_url": self.base_url,
                "model": self.model,
                "api_key": self.api_key,
                "temperature": self.temperature,
                "max_tokens": self.max_tokens,
                "timeout_s": self.timeout,
                "retries": self.retries,
            }
        )

    def budget(self) -> Budget:
        from solver.loop import Budget

        return Budget(
            rounds=self.rounds,
            tokens=self.token_budget,
            seconds=self.time_budget,
            candidates=self.candidates,
            predictions=self.predictions,
            stress_seconds=self.stress_seconds,
            stress_comparisons=self.stress_comparisons,
            alternatives=self.alternatives,
            generator_seconds=self.generator_seconds,
            time_margin=self.time_margin,
        )


F = TypeVar("F", bound=Callable[..., Any])


def loop_options(command: F) -> F:
    """Give `command` every `LoopOptions` flag; it receives them as one `loop: LoopOptions`
    parameter (which must be its last)."""
    own = list(inspect.signature(command, eval_str=True).parameters.values())
    if not own or own[-1].name != "loop":
        raise TypeError(f"{command.__name__} must end with a `loop: LoopOptions` parameter")
    hints = inspect.get_annotations(LoopOptions, eval_str=True)
    added = [
        inspect.Parameter(
            f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name]
        )
        for f in fields(LoopOptions)
    ]
    names = [f.name for f in fields(LoopOptions)]

    @functools.wraps(command)
    def with_loop(**kwargs: Any) -> Any:
        loop = LoopOptions(**{name: kwargs.pop(name) for name in names})
        return command(**kwargs, loop=loop)

    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own[:-1]]
    with_loop.__signature__ = inspect.Signature(params + added)  # type: ignore[attr-defined]
    return with_loop  # type: ignore[return-value]
