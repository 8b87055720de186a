"""Model settings: flags, then environment variables, then a config file, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from solver.errors import BadInput

DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1"


def config_path() -> Path:
    explicit = os.environ.get("SOLVER_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "solver" / "config.yaml"


@dataclass(frozen=True)
class ModelConfig:
    base_url: str = DEFAULT_BASE_URL
    model: str = "facebook/cwm"
    api_key: str = "none"
    temperature: float = 0.6
    max_tokens: int = 8192
    timeout_s: float = 300.0
    """Per request; a request past it counts as failed (after retries)."""
    retries: int = 3
    """Retries with exponential backoff on 429, 5xx, timeouts and dropped connections."""
    seed: int | None = None
    """Sent with every request where the server honours it; part of the cache key."""
    reasoning: bool | None = None
    """CWM's reasoning mode; None means on for CWM models, off for others."""

    @property
    def is_cwm(self) -> bool:
        return "cwm" in self.model.lower()

    @property
    def thinks(self) -> bool:
        return self.is_cwm if self.reasoning is None else self.reasoning


# Environment variables, first match wins.
ENV = {
    "base_url": ("SOLVER_BASE_URL", "OPENAI_BASE_URL"),
    "model": ("SOLVER_MODEL",),
    "api_key": ("SOLVER_API_KEY", "OPENAI_API_KEY"),
    "temperature": ("SOLVER_TEMPERATURE",),
    "max_tokens": ("SOLVER_MAX_TOKENS",),
    "timeout_s": ("SOLVER_TIMEOUT",),
    "retries": ("SOLVER_RETRIES",),
    "seed": ("SOLVER_SEED",),
}


def _coerce(name: str, value: Any, origin: str) -> Any:
    kind = {f.name: f.type for f in fields(ModelConfig)}[name]
    try:
        if kind == "float":
            return float(value)
        if kind == "int":
            return int(value)
        if kind == "int | None":
            return None if value is None else int(value)
        if kind == "bool | None":
            if isinstance(value, bool) or value is None:
                return value
            return str(value).lower() in ("1", "true", "yes", "on")
        return str(value)
    except (TypeError, ValueError):
        raise BadInput(f"{origin}: {name} must be a {kind}, got {value!r}") from None


def load_config(flags: dict[str, Any] | None = None) -> ModelConfig:
    """Resolve settings: flags (non-None values), environment, config file, defaults."""
    values: dict[str, Any] = {}
    path = config_path()
    if path.exists():
        try:
            data = yaml.safe_load(path.read_text()) or {}
        except yaml.YAMLError as exc:
            raise BadInput(f"{path}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
        if not isinstance(data, dict):
            raise BadInput(f"{path}: expected a mapping of settings")
        known = {f.name for f in fields(ModelConfig)}
        for key, value in data.items():
            if key not in known:
                raise BadInput(
                    f"{path}: unknown setting {key!r} (known: {', '.join(sorted(known))})"
                )
            values[key] = _coerce(key, value, str(path))
    for name, names in ENV.items():
        for env in names:
            if os.environ.get(env):
                values[name] = _coerce(name, os.environ[env], env)
                break
    for name, value in (flags or {}).items():
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    return ModelConfig(**values)
