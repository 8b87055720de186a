"""solver/pool.py: results in order, errors raised, and a signal acted on while waiting."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from solver import pool


def test_results_come_in_the_items_order() -> None:
    def slow_first(x: int) -> int:
        time.sleep(0.05 * (3 - x))
        return x * x

    assert pool.each(slow_first, [0, 1, 2, 3], workers=4) == [0, 1, 4, 9]
    assert pool.each(slow_first, [], workers=2) == []


def test_an_error_in_one_call_is_raised() -> None:
    def boom(x: int) -> int:
        if x == 2:
            raise ValueError("two")
        return x

    with pytest.raises(ValueError, match="two"):
        pool.each(boom, range(4), workers=2)


def test_a_signal_handed_to_a_worker_thread_interrupts_the_wait() -> None:
    """The handler runs in the main thread within a slice, not after the work (10 s)."""
    release = threading.Event()
    started = threading.Event()

    def work(_x: int) -> None:
        started.set()
        time.sleep(0.3)  # the main thread is waiting by now
        # This thread is the one the signal is sent to (pthread_kill), as the kernel may choose.
        signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
        release.wait(10)

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGUSR1, handler)
    start = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            pool.each(work, [0], workers=1)
    finally:
        release.set()
        signal.signal(signal.SIGUSR1, previous)
    assert started.is_set()
    assert time.monotonic() - start < 5, "the wait outlasted the signal"
