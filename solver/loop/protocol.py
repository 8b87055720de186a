"""The oracles behind one protocol: each has a name, says how it earns trust and which sizes it
can afford, and answers a test. `active(state)` lists them; arbitration weighs the answers of
the program and prediction oracles (`oracles.settlement`), the samples are ground truth, and
the interactor judges each run itself.

Adding an oracle is one class and one `@register`: a class of kind `program` (an executed
program, like the brute force or an alternative solution) is weighed by arbitration with no
other change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from solver.loop.arbitration import Predictions
from solver.loop.state import LoopState
from solver.report import Alternative, LoopTest

Answer = str | Predictions | None


class Oracle:
    name: str = ""
    kind: str = ""
    """`truth` (the samples), `program` (executed: weighed by arbitration), `prediction`
    (the model's votes), `interactor` (judges runs itself)."""
    earns_trust: str = ""
    sizes: str = ""

    def trusted(self, state: LoopState) -> bool:
        return True

    def answer(self, state: LoopState, test: LoopTest) -> Answer:
        return None

    def describe(self, state: LoopState) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "earns_trust": self.earns_trust,
            "sizes": self.sizes,
            "trusted": self.trusted(state),
        }


Factory = Callable[[LoopState], list[Oracle]]
REGISTRY: list[Factory] = []


def register(factory: Factory) -> Factory:
    REGISTRY.append(factory)
    return factory


def active(state: LoopState) -> list[Oracle]:
    """Every oracle of this loop, in registration order."""
    return [oracle for factory in REGISTRY for oracle in factory(state)]


def program_answers(state: LoopState, test: LoopTest) -> list[tuple[str, str]]:
    """(name, output) of every trusted program oracle that answered `test`."""
    found = []
    for oracle in active(state):
        if oracle.kind == "program" and oracle.trusted(state):
            out = oracle.answer(state, test)
            if isinstance(out, str):
                found.append((oracle.name, out))
    return found


def predictions(state: LoopState, test: LoopTest) -> Predictions | None:
    for oracle in active(state):
        if oracle.kind == "prediction":
            out = oracle.answer(state, test)
            if isinstance(out, Predictions):
                return out
    return None


class Samples(Oracle):
    name, kind = "samples", "truth"
    earns_trust = "ground truth: the statement's own outputs"
    sizes = "the samples only"

    def answer(self, state: LoopState, test: LoopTest) -> Answer:
        return test.truth


class Brute(Oracle):
    name, kind = "brute", "program"
    earns_trust = "passes every sample; trusted no more once arbitration overrules it"
    sizes = "tiny and small; large ones it answers within 5x the time limit"

    def trusted(self, state: LoopState) -> bool:
        return state.brute_trusted

    def answer(self, state: LoopState, test: LoopTest) -> Answer:
        return test.brute


@dataclass
class Alt(Oracle):
    alt: Alternative
    kind = "program"
    earns_trust = (
        "passes every sample; weighed against the brute force and the predictions on every "
        "test, trusted no more once overruled"
    )
    sizes = "every size, the maximum included (2x the time limit)"

    def __post_init__(self) -> None:
        self.name = self.alt.id

    def trusted(self, state: LoopState) -> bool:
        return self.alt.trusted

    def answer(self, state: LoopState, test: LoopTest) -> Answer:
        return test.alts.get(self.alt.id)


class Prediction(Oracle):
    name, kind = "prediction", "prediction"
    earns_trust = (
        "a majority of --predictions replies; checked on the samples the first time they "
        "stand alone against a program"
    )
    sizes = "tiny and small (the model reads the whole input)"

    def trusted(self, state: LoopState) -> bool:
        return not state.prediction_check

    def answer(self, state: LoopState, test: LoopTest) -> Answer:
        if not test.predictions:
            return None
        return Predictions(
            tuple(test.predictions),
            test.predicted,
            test.votes,
            test.repredicted,
            self.trusted(state),
        )


class Interactor(Oracle):
    name, kind = "interactor", "interactor"
    earns_trust = "the package's own interactor: judges every run of an interactive problem"
    sizes = "every test"


@register
def _samples(state: LoopState) -> list[Oracle]:
    return [Samples()]


@register
def _interactor(state: LoopState) -> list[Oracle]:
    return [Interactor()] if state.task.interactive else []


@register
def _brute(state: LoopState) -> list[Oracle]:
    return [] if state.task.interactive or state.brute_code is None else [Brute()]


@register
def _alternatives(state: LoopState) -> list[Oracle]:
    return [Alt(alt) for alt in state.alternatives]


@register
def _predictions(state: LoopState) -> list[Oracle]:
    return [] if state.task.interactive else [Prediction()]
