"""Threads for work that waits on the model or the sandbox, waited for so that Ctrl-C and
SIGTERM act at once.

A signal the kernel hands to a worker thread only sets a flag that the main thread reads when
it next runs Python; a main thread blocked on a future without a timeout does not run until
that future is done, which may be minutes away (a model reply). Waiting in short slices lets
the signal's handler run, and an interrupted wait cancels what has not started and leaves the
running work behind rather than waiting for it (the commands save what finished and exit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from sandbox import box as reuse

T = TypeVar("T")
R = TypeVar("R")

SLICE_S = 0.5


def each(fn: Callable[[T], R], items: Iterable[T], workers: int) -> list[R]:
    """`fn` on every item, `workers` at a time; the results in the items' order. The first
    exception raised by `fn` is raised here, after the running calls have ended."""
    # Each worker reuses sandboxes across its calls (sandbox/box.py), closed once all is done;
    # on an interruption they end with their threads (a box dies with the thread it started
    # from).
    kept: list[reuse.Boxes] = []
    pool = ThreadPoolExecutor(
        max_workers=max(1, workers), initializer=reuse.keep_for_thread, initargs=(kept,)
    )
    futures = [pool.submit(fn, item) for item in items]
    try:
        settle(futures)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    for boxes in kept:
        boxes.close()
    return [f.result() for f in futures]


def settle(futures: list[Future[R]]) -> None:
    """Wait until every future is done, in slices (see the module's docstring)."""
    pending = set(futures)
    while pending:
        _, pending = wait(pending, timeout=SLICE_S, return_when=FIRST_COMPLETED)
