"""Interactive problems: the package's interactor is the only oracle.

There is no expected output to predict and no brute force to compare with: every run of a
candidate is a conversation with the interactor (`sandbox.judge.run_test`, the code path of
`solver judge`), whose verdict decides AC or WA; TLE, RTE, MLE and OLE come from the
candidate's own run. The interactor gets each test's file as its input file and, as its
answer file, the package's `.ans` for a sample and an empty file for every other test (the
loop cannot know an answer; docs/protocol.md says why empty).

An interactor that fails (JE, retried once) on a sample stops the loop (the package's own
test); on any other test, that test is dropped for every candidate and the drop is reported:
the interactor's failure is never the candidate's fault, nor a pass.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sandbox.languages import Program
from sandbox.package import TestCase
from sandbox.verdict import Verdict
from solver.loop.state import JudgeFailure, LoopState, Miss, Score
from solver.report import LoopTest, RunRecord

ORACLE_SKIPPED = "interactive problem, the interactor is the oracle"


def skip_oracles(state: LoopState) -> None:
    """The predict stage of an interactive problem: nothing to predict, no brute force."""
    state.skip("predict", ORACLE_SKIPPED)
    state.skip("brute force", ORACLE_SKIPPED)
    state.skip(
        "stress",
        "interactive problem, no brute force to compare with (the interactor judges every run)",
    )


def answer_file(state: LoopState, test_path: Path, truth: str | None) -> Path:
    """The answer file the interactor gets: the sample's `.ans`, else an empty file."""
    path = state.work / "empty.ans" if truth is None else test_path.with_suffix(".ans")
    if not path.exists():
        # Runs on several threads may reach here at once: a file appears whole or not at all.
        part = path.with_name(f"{path.name}.{threading.get_ident()}")
        part.write_text(truth or "")
        part.chmod(0o644)
        part.replace(path)
    return path


def judged(
    state: LoopState,
    program: Program,
    who: str,
    code: str,
    test_id: str,
    test_path: Path,
    truth: str | None,
) -> RunRecord:
    """`who` run against the interactor on one test. The run's verdict is OK when the
    candidate ended normally (the interactor's AC or WA is kept in `state.interactor`), else
    the candidate's own (TLE, RTE...), or JE when the interactor failed twice on a test that is
    not a sample."""
    case = TestCase(
        test_id, test_path, answer_file(state, test_path, truth), state.task.interactor_args
    )
    limits = state.limits
    result = state.sandbox.interact(program, case, limits, state.task.checker)
    if result.verdict is Verdict.JE:
        state.note(
            "run",
            f"judge error running {who} against the interactor on {test_id} "
            f"({result.message}); retrying",
        )
        program = state.build(code, who) or program  # a build that vanished is made again
        result = state.sandbox.interact(program, case, limits, state.task.checker)
        if result.verdict is Verdict.JE and truth is not None:
            raise JudgeFailure(
                f"judge error running {who} against the interactor on the "
                f"sample {test_id}: {result.message}"
            )
    state.run_walls.append(result.wall_time_s)
    said = result.verdict.value if result.verdict in (Verdict.AC, Verdict.WA) else ""
    state.interactor[(who, test_id)] = (said, result.message)
    verdict = Verdict.OK if said else result.verdict
    return RunRecord(
        who,
        test_id,
        verdict,
        result.time_s,
        result.memory_mib,
        "",
        result.message if verdict not in (Verdict.OK, Verdict.JE) else "",
        result.wall_time_s,
        limits.wall_limit_s,
    )


def judge_one(state: LoopState, number: int, score: Score, test: LoopTest, run: RunRecord) -> None:
    """Compare for an interactive problem: the interactor's verdict is the whole answer."""
    from solver.loop.oracles import disagree  # oracles dispatches here

    if "interactor" in test.dropped:
        return
    if run.verdict is Verdict.JE:
        _drop(state, test, state.interactor.get((run.candidate, test.id), ("", ""))[1])
        return
    said, message = state.interactor.get((run.candidate, test.id), ("", ""))
    if run.verdict is not Verdict.OK:
        kind = run.verdict.value
        score.failures.append(Miss(test, run, None, "the limits", kind=kind, note=message))
        disagree(state, number, score.candidate, test, kind, (), ("limits",), message)
        return
    sample = test.truth is not None
    agreed = said == Verdict.AC.value
    score.count("samples" if sample else "interactor", agreed)
    if agreed:
        score.samples_passed += int(sample)
        score.agreements += 1
        return
    score.failures.append(Miss(test, run, None, "the interactor", note=message))
    disagree(
        state,
        number,
        score.candidate,
        test,
        "wrong answer",
        (),
        ("sample" if sample else "interactor",),
        message,
    )


def _drop(state: LoopState, test: LoopTest, why: str) -> None:
    test.dropped.append("interactor")
    state.skip(f"interactor on {test.id}", f"the interactor failed ({why}): not a test")
    if (
        test.large
        and not state.max_missing
        and not any(t.large and "interactor" not in t.dropped for t in state.tests)
    ):
        state.max_missing = "the interactor failed on every input at the maximum sizes"
        state.note("compare", f"no input reaches the maximum constraints: {state.max_missing}")
