"""The one module that talks to models, over the `openai` package.

Every request carries its stage in the `X-Solver-Stage` header. Retries with exponential backoff
on 429, 5xx, timeouts and dropped connections are the `openai` client's own (`max_retries`).
An endpoint that cannot be reached, or that does not serve the model, is `ModelUnavailable`
(exit code 3); a request that still fails after its retries is `ModelFailed`, which the loop
counts as a failed attempt.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from solver.cache import ResponseCache
from solver.config import ModelConfig
from solver.errors import ModelUnavailable, SolverError

if TYPE_CHECKING:
    import openai

STAGE_HEADER = "X-Solver-Stage"

# Meta's CWM switches its reasoning mode on with exactly this system prompt preamble.
CWM_REASONING_PREAMBLE = (
    "You are a helpful AI assistant. You always reason before responding, using the following "
    "format:\n\n<think>\nyour internal reasoning\n</think>\nyour external response"
)
THINK_OPEN, THINK_CLOSE = "<think>", "</think>"


class ModelFailed(SolverError):
    """A request that failed after its retries (server errors, timeouts, bad requests)."""


@dataclass
class StageUsage:
    requests: int = 0
    failures: int = 0
    cached: int = 0
    """Replies served from the response cache (no request, no tokens spent)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "requests": self.requests,
            "failures": self.failures,
            "cached": self.cached,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Reply:
    answer: str
    """What the model said after its reasoning (all of it when it did not reason)."""
    reasoning: str
    finish_reason: str
    reasoning_finished: bool = True
    """False when the reply stopped inside the reasoning (no `</think>`)."""

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"


@dataclass
class ModelClient:
    config: ModelConfig
    usage: dict[str, StageUsage] = field(default_factory=dict)
    on_request: Callable[[str], None] | None = None
    cache: ResponseCache | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _client: openai.OpenAI | None = field(default=None, repr=False)

    @property
    def client(self) -> openai.OpenAI:
        import openai  # heavy (~1.5 s): only commands that talk to a model pay for it

        if self._client is None:
            self._client = openai.OpenAI(
                base_url=self.config.base_url,
                api_key=self.config.api_key or "none",
                timeout=self.config.timeout_s,
                max_retries=self.config.retries,
            )
        return self._client

    @property
    def total_tokens(self) -> int:
        return sum(u.prompt_tokens + u.completion_tokens for u in self.usage.values())

    def check(self) -> None:
        """Fail early, in one line, when the endpoint is down or does not serve the model."""
        import openai

        try:
            models = [
                m.id for m in self.client.models.list(timeout=min(self.config.timeout_s, 30.0))
            ]
        except openai.NotFoundError:
            return  # an endpoint without /models: the first real request will tell
        except openai.APITimeoutError:
            raise ModelUnavailable(
                f"model endpoint {self.config.base_url} did not answer (timed out listing models)"
            ) from None
        except openai.APIConnectionError as exc:
            raise ModelUnavailable(
                f"cannot reach the model endpoint {self.config.base_url}: {_reason(exc)}"
            ) from None
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise ModelUnavailable(
                f"model endpoint {self.config.base_url} refused the API key ({exc.status_code})"
            ) from None
        except openai.APIStatusError:
            return
        if models and self.config.model not in models:
            raise ModelUnavailable(
                f"model {self.config.model!r} is not served at "
                f"{self.config.base_url} (it serves: {', '.join(models)})"
            )

    def chat(
        self,
        stage: str,
        messages: list[dict[str, str]],
        *,
        n: int = 1,
        temperature: float | None = None,
        max_tokens: int | None = None,
        prefill_think: bool = False,
    ) -> list[Reply]:
        """One chat request; `n` replies. With `prefill_think` (CWM's reasoning mode) the
        assistant turn is started with `<think>` for the model to continue."""
        body: dict[str, Any] = {}
        if prefill_think:
            messages = [*messages, {"role": "assistant", "content": THINK_OPEN + "\n"}]
            body = {"continue_final_message": True, "add_generation_prompt": False}
        request = {
            "base_url": self.config.base_url,
            "model": self.config.model,
            "messages": messages,
            "n": n,
            "seed": self.config.seed,
            "temperature": self.config.temperature if temperature is None else temperature,
            "max_tokens": max_tokens or self.config.max_tokens,
            "extra_body": body,
        }
        choices = self._cached(stage, request)
        if choices is None:
            response = self._call(
                stage,
                lambda: self.client.chat.completions.create(
                    model=self.config.model,
                    messages=messages,
                    n=n,  # type: ignore[arg-type]
                    temperature=request["temperature"],
                    max_tokens=request["max_tokens"],
                    extra_headers={STAGE_HEADER: stage},
                    extra_body=body or None,
                    **self._seed(),
                ),
            )
            choices = []
            for choice in response.choices or []:
                extra = (
                    getattr(choice.message, "reasoning_content", None)
                    or getattr(choice.message, "reasoning", None)
                    or ""
                )
                choices.append(
                    {
                        "content": choice.message.content or "",
                        "reasoning": str(extra),
                        "finish_reason": choice.finish_reason or "stop",
                    }
                )
            if self.cache is not None and choices:
                self.cache.put(request, choices)
        return [
            split_reasoning(c["content"], c["reasoning"], prefill_think, c["finish_reason"])
            for c in choices
        ]

    def _seed(self) -> dict[str, int]:
        return {} if self.config.seed is None else {"seed": self.config.seed}

    def _cached(self, stage: str, request: dict[str, Any]) -> list[dict[str, str]] | None:
        if self.cache is None:
            return None
        hit = self.cache.get(request)
        if hit is not None:
            with self._lock:
                self.usage.setdefault(stage, StageUsage()).cached += 1
        return hit

    def complete(
        self,
        stage: str,
        prompt: str,
        *,
        stop: list[str] | None = None,
        max_tokens: int | None = None,
        temperature: float = 0.0,
    ) -> Reply:
        """A raw completion (CWM's execution-trace format needs the completions endpoint)."""
        request = {
            "base_url": self.config.base_url,
            "model": self.config.model,
            "prompt": prompt,
            "stop": stop,
            "temperature": temperature,
            "seed": self.config.seed,
            "max_tokens": max_tokens or self.config.max_tokens,
        }
        hit = self._cached(stage, request)
        if hit is not None:
            return Reply(hit[0]["content"], "", hit[0]["finish_reason"])
        response = self._call(
            stage,
            lambda: self.client.completions.create(
                model=self.config.model,
                prompt=prompt,
                stop=stop,
                temperature=temperature,
                max_tokens=request["max_tokens"],
                extra_headers={STAGE_HEADER: stage},
                **self._seed(),
            ),
        )
        choice = response.choices[0] if response.choices else None
        reply = Reply(
            choice.text if choice else "", "", (choice.finish_reason if choice else None) or "stop"
        )
        if self.cache is not None and choice is not None:
            self.cache.put(
                request, [{"content": reply.answer, "finish_reason": reply.finish_reason}]
            )
        return reply

    def _call(self, stage: str, request: Callable[[], Any]) -> Any:
        import openai

        if self.on_request is not None:
            self.on_request(stage)
        start = time.monotonic()
        try:
            response = request()
        except openai.APITimeoutError:
            self._count(stage, start, failed=True)
            raise ModelFailed(
                f"{stage}: the model did not answer within "
                f"{self.config.timeout_s:g} s ({self.config.retries} "
                "retries)"
            ) from None
        except openai.APIConnectionError as exc:
            self._count(stage, start, failed=True)
            raise ModelUnavailable(
                f"cannot reach the model endpoint {self.config.base_url}: {_reason(exc)}"
            ) from None
        except openai.NotFoundError:
            self._count(stage, start, failed=True)
            raise ModelUnavailable(
                f"model {self.config.model!r} or its API was not found at {self.config.base_url}"
            ) from None
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            self._count(stage, start, failed=True)
            raise ModelUnavailable(
                f"model endpoint refused the API key ({exc.status_code})"
            ) from None
        except openai.APIStatusError as exc:
            self._count(stage, start, failed=True)
            raise ModelFailed(
                f"{stage}: the model endpoint answered {exc.status_code} "
                f"after {self.config.retries} retries"
            ) from None
        except openai.APIError as exc:  # e.g. a body that is not a completion
            self._count(stage, start, failed=True)
            raise ModelFailed(
                f"{stage}: unusable response from the model endpoint: {_reason(exc)}"
            ) from None
        usage = getattr(response, "usage", None)
        self._count(
            stage,
            start,
            failed=False,
            prompt=getattr(usage, "prompt_tokens", 0) or 0,
            completion=getattr(usage, "completion_tokens", 0) or 0,
        )
        return response

    def _count(
        self, stage: str, start: float, *, failed: bool, prompt: int = 0, completion: int = 0
    ) -> None:
        with self._lock:
            u = self.usage.setdefault(stage, StageUsage())
            u.requests += 1
            u.failures += int(failed)
            u.prompt_tokens += prompt
            u.completion_tokens += completion
            u.seconds += time.monotonic() - start


def split_reasoning(content: str, reasoning: str, prefilled: bool, finish: str) -> Reply:
    """Separate reasoning from the answer: `<think>...</think>` in the text (or the prefilled
    opening), or a server-side reasoning field."""
    text = content
    if prefilled and THINK_OPEN not in text.split(THINK_CLOSE, 1)[0]:
        text = THINK_OPEN + "\n" + text
    if THINK_CLOSE in text:
        before, after = text.split(THINK_CLOSE, 1)
        thought = before.split(THINK_OPEN, 1)[-1].strip()
        return Reply(after.strip(), "\n".join(x for x in (reasoning, thought) if x), finish)
    if text.lstrip().startswith(THINK_OPEN):
        # The reply never left its reasoning: there is no answer in it.
        return Reply("", text.lstrip()[len(THINK_OPEN) :].strip(), finish, reasoning_finished=False)
    return Reply(text.strip(), reasoning, finish)


def _reason(exc: Exception) -> str:
    cause = exc.__cause__ or exc.__context__
    text = str(cause or exc).strip() or type(cause or exc).__name__
    return text.splitlines()[0][:200]
