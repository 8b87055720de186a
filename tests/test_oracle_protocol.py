"""The oracles' protocol (solver/loop/protocol.py), in-process with a stand-in state: no
model, no sandbox."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from solver.loop import protocol
from solver.loop.arbitration import Predictions, ProgramAnswer, settle
from solver.report import Alternative, LoopTest


def fake_state(**changes: Any) -> Any:
    values: dict[str, Any] = {
        "task": SimpleNamespace(interactive=False),
        "brute_code": "print(1)",
        "brute_trusted": True,
        "alternatives": [Alternative("alt1", "print(1)", trusted=True)],
        "prediction_check": None,
    }
    values.update(changes)
    return SimpleNamespace(**values)


def small_test(**changes: Any) -> LoopTest:
    test = LoopTest("edge/1", "edge", "", "1\n5\n", Path("/nonexistent"))
    for name, value in changes.items():
        setattr(test, name, value)
    return test


def test_every_oracle_says_its_name_trust_and_sizes() -> None:
    described = [o.describe(fake_state()) for o in protocol.active(fake_state())]
    assert [d["name"] for d in described] == ["samples", "brute", "alt1", "prediction"]
    assert all(d["earns_trust"] and d["sizes"] for d in described)
    interactive = fake_state(task=SimpleNamespace(interactive=True), alternatives=[])
    assert [o.name for o in protocol.active(interactive)] == ["samples", "interactor"]


def test_untrusted_programs_do_not_answer() -> None:
    test = small_test(brute="5\n", alts={"alt1": "5\n"})
    assert protocol.program_answers(fake_state(), test) == [("brute", "5\n"), ("alt1", "5\n")]
    untrusted = fake_state(
        brute_trusted=False, alternatives=[Alternative("alt1", "x", trusted=False)]
    )
    assert protocol.program_answers(untrusted, test) == []


def test_predictions_answer_with_their_votes_and_reliability() -> None:
    test = small_test(predictions=["5\n", "5\n", "6\n"], predicted="5\n", votes=2)
    votes = protocol.predictions(fake_state(prediction_check="wrong on sample/1"), test)
    assert votes == Predictions(("5\n", "5\n", "6\n"), "5\n", 2, False, False)
    assert protocol.predictions(fake_state(), small_test()) is None


class Oracle42(protocol.Oracle):
    """A made-up program oracle that always prints 42."""

    name, kind, earns_trust, sizes = "forty-two", "program", "none", "every size"

    def answer(self, state: Any, test: LoopTest) -> protocol.Answer:
        return "42\n"


@pytest.fixture
def with_oracle42() -> Any:
    factory = protocol.register(lambda _state: [Oracle42()])
    yield
    protocol.REGISTRY.remove(factory)


def test_adding_an_oracle_is_one_class_and_one_registration(with_oracle42: Any) -> None:
    test = small_test(brute="5\n", alts={"alt1": "5\n"})
    found = protocol.program_answers(fake_state(), test)
    assert found[-1] == ("forty-two", "42\n")
    # Arbitration weighs it like any program: outvoted by two that agree, it is dropped.
    settled = settle(
        [ProgramAnswer(n, o) for n, o in found], None, lambda a, b: a.split() == b.split()
    )
    assert settled.expected == "5\n" and settled.dropped == ("forty-two",)


def test_the_checker_is_asked_each_question_once(tmp_path: Path) -> None:
    # Arbitration settles every test again each time anything changes; a custom checker is a
    # process per call, so its verdicts are remembered (a compare took minutes without).
    from sandbox.verdict import Verdict
    from solver.loop.state import LoopState

    calls = []

    def check(_in: Path, answer: Path, output: bytes) -> Any:
        calls.append(output)
        same = output.split() == answer.read_bytes().split()
        return SimpleNamespace(verdict=Verdict.AC if same else Verdict.WA)

    task = SimpleNamespace(checker=SimpleNamespace(check=check))
    state = LoopState(task, None, work=tmp_path)  # type: ignore[arg-type]
    test = small_test()
    other = small_test(input="2\n5 6\n")
    for _ in range(3):
        assert state.same(test, "5\n", "5") and not state.same(test, "6", "5")
    assert len(calls) == 2
    assert state.same(other, "5", "5") and len(calls) == 3  # another input: asked again


def test_predictions_overruled_by_two_programs_lose_to_one_program_elsewhere(
    tmp_path: Path,
) -> None:
    # Consistently wrong predictions, a brute force that cannot answer the second test: before,
    # the alternative alone against them was a conflict on every round (a false alarm).
    from sandbox.verdict import Verdict
    from solver.loop.oracles import settle_all, settlement
    from solver.loop.state import LoopState

    def check(_in: Path, answer: Path, output: bytes) -> Any:
        same = output.split() == answer.read_bytes().split()
        return SimpleNamespace(verdict=Verdict.AC if same else Verdict.WA)

    task = SimpleNamespace(checker=SimpleNamespace(check=check), interactive=False)
    state = LoopState(task, None, work=tmp_path)  # type: ignore[arg-type]
    state.brute_code, state.brute_trusted, state.prediction_check = "print(1)", True, ""
    state.alternatives = [Alternative("alt1", "print(1)", trusted=True)]
    wrong = {"predictions": ["6\n"] * 6, "predicted": "6\n", "votes": 6, "repredicted": True}
    first = small_test(brute="5\n", alts={"alt1": "5\n"}, **wrong)
    second = small_test(input="2\n3 4\n", alts={"alt1": "7\n"}, **wrong)
    second.id = "edge/2"
    state.tests = [first, second]
    assert settlement(state, second).conflict  # the alternative alone against them
    settle_all(state)
    assert state.prediction_check.startswith("the model's predictions are overruled on edge/1")
    found = settlement(state, second)
    assert found.expected == "7\n" and found.dropped == ("prediction",)
    assert second.dropped == ["prediction"]
