"""Judging several submissions on one package's tests, `jobs` runs at a time.

problemtools judges one submission after another, test after test, on one core. Here every run
of every submission is an item of one shared queue, so that every core stays busy until the
last run, and the verdicts stay exactly those of judging one test after another:
- a submission's tests are judged in order and its judging ends at its first failing test: a
  later test of it that is already running is stopped (its result thrown away), none after it
  is started;
- items are taken from the submissions with no run in flight first (a second core goes to one
  submission only when every other one with work is running: a later test run beside an
  earlier one is wasted if the earlier one fails), then by priority (the accepted submissions
  first: their times decide everybody's time limit); but one core is kept on the submissions
  expected to be too slow whenever they have work and none of them runs: their runs are the
  longest (up to the limit with its margin, one after the other), so they are the chain that
  decides when the whole judging ends, and they start at once rather than last;
- a submission whose time limit is not known yet (it is being derived) runs under a
  provisional one, what the accepted tests judged so far give; once the limit is known, a test
  that was stopped at a provisional limit lower than it is run again (any other result stands:
  it is read against the final limit as every result is).
Jobs that are not judgings (builds, re-measurements, input validation) go through the same
queue.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sandbox import box as reuse
from sandbox.checkers import Checker
from sandbox.languages import Program
from sandbox.limits import Limits
from sandbox.package import TestCase
from sandbox.runner import Cancel
from sandbox.testrun import TestResult, run_test
from sandbox.verdict import Verdict


@dataclass
class _Done:
    result: TestResult
    cap: float
    """The time limit the test ran under."""


@dataclass
class Judging:
    """One submission's judging: its results so far and its runs in flight."""

    key: object
    program: Program
    priority: int
    order: int
    cap: float | None
    """Its time limit; None while it is provisional (being derived)."""
    run_all: bool = False
    on_result: Callable[[TestResult], None] | None = None
    long: bool = False
    """Expected to be too slow: one core is kept on such judgings (see the module's doc)."""
    done: dict[int, _Done] = field(default_factory=dict)
    flying: dict[int, Cancel] = field(default_factory=dict)
    finished: threading.Event = field(default_factory=threading.Event)
    bad: set[int] = field(default_factory=set)
    """Tests whose result is a failure."""
    low: int = 0
    """Every test before this one is judged or running (where the search for the next starts:
    the queue looks for work after every run, a scan from 0 would be quadratic)."""

    def failed_at(self) -> int | None:
        return min(self.bad) if self.bad and not self.run_all else None

    def next_index(self, count: int) -> int | None:
        """The first test neither judged nor running, if the judging is still to go there."""
        stop = self.failed_at()
        end = count if stop is None else stop
        while self.low < end and (self.low in self.done or self.low in self.flying):
            self.low += 1
        return self.low if self.low < end else None

    def record(self, index: int, done: _Done) -> None:
        self.done[index] = done
        if done.result.verdict is not Verdict.AC:
            self.bad.add(index)

    def forget(self, index: int) -> None:
        """Drop a test's result (or its cancelled run): it is to be judged again, if at all."""
        self.done.pop(index, None)
        self.bad.discard(index)
        self.low = min(self.low, index)

    def settled(self, count: int) -> bool:
        if self.cap is None:
            return False
        stop = self.failed_at()
        end = count if stop is None else stop + 1
        return all(i in self.done for i in range(end))


@dataclass(order=True)
class _Job:
    priority: int
    order: int
    call: Callable[[], Any] = field(compare=False)
    future: Future[Any] = field(compare=False, default_factory=Future)


class Scheduler:
    """A fixed number of worker threads taking runs from judgings and jobs by priority."""

    def __init__(
        self,
        tests: Sequence[TestCase],
        checker: Checker,
        limits_at: Callable[[float], Limits],
        jobs: int,
        provisional: Callable[[], float] | None = None,
    ) -> None:
        self.tests = list(tests)
        self.checker = checker
        self.limits_at = limits_at
        self.provisional = provisional or (lambda: 0.0)
        self._judgings: list[Judging] = []
        self._jobs: list[_Job] = []
        self._count = 0
        self._lock = threading.Condition()
        self._closing = False
        self.jobs = max(1, jobs)
        self._workers = [
            threading.Thread(target=self._work, daemon=True, name=f"judge-{n}")
            for n in range(self.jobs)
        ]
        for worker in self._workers:
            worker.start()

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop taking work, cancel what is running, and wait for the workers."""
        with self._lock:
            self._closing = True
            for judging in self._judgings:
                for cancel in judging.flying.values():
                    cancel.set()
            for job in self._jobs:
                job.future.cancel()
            self._jobs.clear()
            self._lock.notify_all()
        for worker in self._workers:
            worker.join()

    def judge(
        self,
        key: object,
        program: Program,
        *,
        priority: int = 0,
        cap: float | None,
        run_all: bool = False,
        long: bool = False,
        on_result: Callable[[TestResult], None] | None = None,
    ) -> Judging:
        """Queue a judging of `program` on every test, under the time limit `cap` (None:
        provisional until `set_cap`)."""
        with self._lock:
            judging = Judging(
                key, program, priority, self._next_order(), cap, run_all, on_result, long
            )
            self._judgings.append(judging)
            self._check_finished(judging)
            self._lock.notify_all()
        return judging

    def submit(self, call: Callable[[], Any], *, priority: int = 0) -> Future[Any]:
        """Queue a job that is not a judging; its future has its result."""
        with self._lock:
            job = _Job(priority, self._next_order(), call)
            self._jobs.append(job)
            self._lock.notify_all()
        return job.future

    def set_cap(self, cap: float) -> None:
        """The time limit of every provisional judging is now known. A test stopped at a lower
        provisional limit than this is judged again."""
        with self._lock:
            for judging in self._judgings:
                if judging.cap is not None:
                    continue
                judging.cap = cap
                for index, done in list(judging.done.items()):
                    if done.result.verdict is Verdict.TLE and done.cap < cap:
                        judging.forget(index)
                self._check_finished(judging)
            self._lock.notify_all()

    def result(self, judging: Judging) -> tuple[list[TestResult], float]:
        """Wait for a judging to settle: its tests up to and including the first failure (all
        of them with run_all), and its time limit."""
        judging.finished.wait()
        with self._lock:
            stop = judging.failed_at()
            end = len(self.tests) if stop is None else stop + 1
            assert judging.cap is not None
            return [judging.done[i].result for i in range(end)], judging.cap

    def _next_order(self) -> int:
        self._count += 1
        return self._count

    def _check_finished(self, judging: Judging) -> None:
        if judging.settled(len(self.tests)):
            judging.finished.set()

    def _pick(self) -> tuple[Judging, int, float, Cancel] | _Job | None:
        """The most urgent run or job (under the lock); None when there is none now."""
        ready = [
            j
            for j in self._judgings
            if not j.finished.is_set() and j.next_index(len(self.tests)) is not None
        ]
        long = [j for j in ready if j.long]
        if long and self.jobs > 1 and not any(j.flying for j in self._judgings if j.long):
            ready, jobs = long, []
        else:
            jobs = self._jobs
        best: tuple[tuple[bool, int, int, int], Judging | _Job] | None = None
        for judging in ready:
            key = (bool(judging.flying), judging.priority, len(judging.flying), judging.order)
            if best is None or key < best[0]:
                best = (key, judging)
        for job in jobs:
            key = (False, job.priority, 0, job.order)
            if best is None or key < best[0]:
                best = (key, job)
        if best is None:
            return None
        chosen = best[1]
        if isinstance(chosen, _Job):
            self._jobs.remove(chosen)
            return chosen
        index = chosen.next_index(len(self.tests))
        assert index is not None
        cap = chosen.cap if chosen.cap is not None else self.provisional()
        cancel = Cancel()
        chosen.flying[index] = cancel
        return chosen, index, cap, cancel

    def _work(self) -> None:
        # A program's runs on this worker share a sandbox started once (sandbox/box.py).
        with reuse.reusing():
            self._serve()

    def _serve(self) -> None:
        while True:
            with self._lock:
                while (item := None if self._closing else self._pick()) is None:
                    if self._closing:
                        return
                    self._lock.wait()
            if isinstance(item, _Job):
                if item.future.set_running_or_notify_cancel():
                    try:
                        item.future.set_result(item.call())
                    except BaseException as exc:  # handed to whoever waits on it
                        item.future.set_exception(exc)
                continue
            judging, index, cap, cancel = item
            try:
                result = self._run(judging.program, self.tests[index], cap, cancel)
            except BaseException as exc:
                result = _judge_error(self.tests[index].name, f"the judge failed: {exc}")
            finally:
                cancel.close()
            with self._lock:
                judging.flying.pop(index, None)
                if cancel.is_set():
                    judging.forget(index)
                else:
                    self._record(judging, index, result, cap)
                self._lock.notify_all()

    def _record(self, judging: Judging, index: int, result: TestResult, cap: float) -> None:
        judging.record(index, _Done(result, cap))
        if result.verdict is not Verdict.AC and not judging.run_all:
            for later, cancel in judging.flying.items():
                if later > index:
                    cancel.set()
            for later in [i for i in judging.done if i > index]:
                judging.forget(later)
        if judging.on_result is not None:
            judging.on_result(result)
        self._check_finished(judging)

    def _run(self, program: Program, test: TestCase, cap: float, cancel: Cancel) -> TestResult:
        return run_test(program, test, self.limits_at(cap), self.checker, cancel=cancel)


def _judge_error(name: str, message: str) -> TestResult:
    return TestResult(name, Verdict.JE, 0.0, 0.0, message)
