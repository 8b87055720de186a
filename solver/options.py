"""Command-line options shared by the commands that talk to a model."""

from __future__ import annotations

from typing import Annotated

import typer

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
