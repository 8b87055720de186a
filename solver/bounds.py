"""The input's stated bounds, and how close the loop's inputs come to them.

Bounds come from the statement (its constraint chains, `1 \\le n \\le 2 \\cdot 10^5`) and from
the model (the `bounds` stage); where both name a variable the statement's numbers win. They
serve two checks: the largest inputs must come close to the largest size bound ("the maximum
is the maximum", `reach`), and small inputs get variants with values at their extremes
(`extreme_values`, `extreme_variants`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from fractions import Fraction

REACH = 0.9
"""How close the largest input must come to the largest size bound, as a fraction of it. At
0.9 a quadratic program's time at the maximum is at most 1/0.81 of what was measured, which the
20 % timing margin covers; a linear one's 1/0.9. Half the maximum would let a quadratic
program four times over the limit pass."""

COUNTABLE = 10**7
"""A size bound above this cannot be a count of input values (no judge's input holds that
many): the statement's unnamed bounds above it are values."""


@dataclass(frozen=True)
class Bound:
    name: str
    low: int
    high: int
    kind: str
    """`size` (a count or length the input or the work grows with) or `value`."""
    source: str
    """`statement`, `model`, or `statement+model` (both said the same)."""

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Reach:
    """How close the largest input comes to the largest size bound."""

    bound: str
    target: int
    reached: int
    """The largest input's size as measured against `target` (`measure`)."""

    @property
    def ratio(self) -> float:
        return self.reached / self.target if self.target else 1.0

    @property
    def enough(self) -> bool:
        return self.ratio >= REACH

    def to_json(self) -> dict[str, object]:
        return {
            "bound": self.bound,
            "target": self.target,
            "reached": self.reached,
            "ratio": round(self.ratio, 3),
            "enough": self.enough,
        }


# ---- reading the statement ------------------------------------------------------------------

_LE = re.compile(r"\\leq?slant|\\leq|\\le(?![a-zA-Z])|<=|≤|⩽")
_TIMES = re.compile(r"\\cdot|\\times|·|×")
_TERM = r"\d+(?:\.\d+)?(?:\s*\^\s*\d+)?"
_EXPR = rf"-?\s*{_TERM}(?:\s*\*\s*{_TERM})?(?:\s*[+-]\s*\d+(?![\d^]))?"
_NAME = r"\|?[A-Za-z][A-Za-z]?(?:_[A-Za-z0-9]+)?\|?"
_NAMES = rf"{_NAME}(?:\s*,\s*{_NAME})*"
_CHAIN = re.compile(rf"(?<![\w^*])({_EXPR})\s*≤\s*({_NAMES})\s*≤\s*({_EXPR})(?![\w^*])")
_UPPER = re.compile(rf"(?<![\w≤*^])({_NAMES})\s*≤\s*({_EXPR})(?![\w^*])")


def _normalise(text: str) -> str:
    text = _LE.sub("≤", text.replace("$", " "))
    text = _TIMES.sub("*", text)
    text = re.sub(r"\\[,!;: ]|~", "", text)  # thin spaces inside numbers: 200\,000
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,000,000
    return text.replace("{", "").replace("}", "")


def number(expr: str) -> int | None:
    """The integer an expression of the statement's constraints stands for: `2*10^5`,
    `-10^18`, `10^9+7`, `200000`, `2^31-1`. None for anything else (fractions included)."""
    m = re.fullmatch(rf"\s*(-?)\s*({_TERM}(?:\s*\*\s*{_TERM})?)\s*(?:([+-])\s*(\d+))?\s*", expr)
    if m is None:
        return None
    value = Fraction(1)
    for term in m.group(2).split("*"):
        base, _, exponent = term.partition("^")
        power = int(exponent) if exponent.strip() else 1
        if power > 64:
            return None
        value *= Fraction(base.strip()) ** power
    if value.denominator != 1 or value > 10**30:
        return None
    result = int(value)
    if m.group(3):
        result += int(m.group(4)) * (1 if m.group(3) == "+" else -1)
    return -result if m.group(1) else result


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


def _kind(name: str, low: int, high: int) -> str:
    """A guess for a bound the model did not classify: an unsubscripted, non-negative bound a
    judge's input could hold that many values of is a size (n, q, |s|, R, C)."""
    if "_" in name or low < 0 or high > COUNTABLE:
        return "value"
    return "size"


def statement_bounds(statement: str) -> list[Bound]:
    """The bounds written as constraint chains in the statement, first mention of a name
    first."""
    text = _normalise(statement)
    found: dict[str, Bound] = {}
    for m in _CHAIN.finditer(text):
        low, high = number(m.group(1)), number(m.group(3))
        if low is None or high is None or low > high:
            continue
        for name in _names(m.group(2)):
            found.setdefault(name, Bound(name, low, high, _kind(name, low, high), "statement"))
    for m in _UPPER.finditer(text):
        high = number(m.group(2))
        if high is None:
            continue
        for name in _names(m.group(1)):
            low = 0
            if name.startswith("|") and "_" in name:  # |a_i| <= H: an absolute value
                name, low = name.strip("|"), -high
            found.setdefault(name, Bound(name, low, high, _kind(name, low, high), "statement"))
    return list(found.values())


# ---- the model's bounds -----------------------------------------------------------------------


def model_bounds(rows: list[tuple[str, str, str, str]]) -> list[Bound]:
    """The model's `name low high kind` rows as bounds (rows with unreadable numbers are left
    out)."""
    bounds = []
    for name, low_text, high_text, kind in rows:
        low, high = number(_normalise(low_text)), number(_normalise(high_text))
        if low is None or high is None or low > high or kind not in ("size", "value"):
            continue
        bounds.append(Bound(name, low, high, kind, "model"))
    return bounds


def stated_numbers(statement: str) -> set[int]:
    """Every integer the statement writes (`2 \\cdot 10^5`, `200\\,000`, `10^9+7`...)."""
    found = set()
    for m in re.finditer(rf"(?<![\w^*.]){_EXPR}(?![\w^*])", _normalise(statement)):
        value = number(m.group(0))
        if value is not None:
            found.add(abs(value))
    # "100 000": thousands split by a plain space (an extra number found here only lets a
    # model's bound be used, it never makes one up).
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?: \d{3})+(?![\d.])", statement):
        found.add(int(m.group(0).replace(" ", "")))
    return found


def merge(
    statement: list[Bound], model: list[Bound], text: str = ""
) -> tuple[list[Bound], list[str]]:
    """One list of bounds and what disagreed. The statement's numbers win over the model's for
    a name both give (the model may misread them); the model's kind wins (it can tell that an
    amount the answer loops up to is a size). A bound only the model gives is kept when the
    statement `text` writes its upper end somewhere (a constraint in prose); otherwise it is
    left out, with a note (a bound the statement never states must not decide anything)."""
    notes: list[str] = []
    written = stated_numbers(text) if text else None
    by_name = {b.name: b for b in statement}
    by_lower = {b.name.lower(): b for b in statement}
    merged: dict[str, Bound] = {}
    for m in model:
        s = by_name.get(m.name) or by_lower.get(m.name.lower())
        if s is None:
            if written is not None and abs(m.high) not in written:
                notes.append(
                    f"the model's bound {m.low} <= {m.name} <= {m.high} is not in the "
                    "statement: not used"
                )
            else:
                merged.setdefault(m.name, m)
            continue
        if (s.low, s.high) != (m.low, m.high):
            notes.append(
                f"the model's bound {m.low} <= {m.name} <= {m.high} contradicts the statement's "
                f"{s.low} <= {s.name} <= {s.high}: the statement's is used"
            )
            merged[s.name] = Bound(s.name, s.low, s.high, m.kind, "statement")
        else:
            merged[s.name] = Bound(s.name, s.low, s.high, m.kind, "statement+model")
    for s in statement:
        merged.setdefault(s.name, s)
    return list(merged.values()), notes


def unexplained_values(bounds: list[Bound], texts: list[str]) -> list[int]:
    """Integers in inputs the validators accepted that lie beyond every bound: a sign that the
    bounds miss a variable or the validators are laxer than the statement."""
    if not bounds:
        return []
    lowest = min(b.low for b in bounds)
    highest = max(b.high for b in bounds)
    found = {v for text in texts for v in _integers(text) if v < lowest or v > highest}
    return sorted(found)[:5]


# ---- reach ------------------------------------------------------------------------------------


def _integers(text: str) -> list[int]:
    values = []
    for token in text.split():
        if re.fullmatch(r"-?\d{1,40}", token):
            values.append(int(token))
    return values


def measure(text: str, target: int) -> int:
    """The size of `text` measured against a size bound of `target`: the number of tokens,
    the longest token (a string of length n), or a number of the first line up to `target`
    (a count or an amount such as n <= 10^9 given as one number; a value beyond `target`
    is not that variable)."""
    tokens = text.split()
    first = text.split("\n", 1)[0]
    counted = [v for v in _integers(first) if 0 <= v <= target]
    return max(len(tokens), max((len(t) for t in tokens), default=0), max(counted, default=0))


def reach(bounds: list[Bound], texts: list[str]) -> Reach | None:
    """How close the largest of `texts` comes to the largest size bound (None without one)."""
    sizes = [b for b in bounds if b.kind == "size"]
    if not sizes:
        return None
    top = max(sizes, key=lambda b: b.high)
    reached = max((measure(t, top.high) for t in texts), default=0)
    return Reach(top.name, top.high, reached)


# ---- extreme values -------------------------------------------------------------------------

_POWERS = (2**15, 2**16, 2**31, 2**32, 2**53, 2**63, 2**64)
_MODULI = (10**9 + 7, 998_244_353, 10**9 + 9)


def extreme_values(bounds: list[Bound], statement: str) -> list[int]:
    """Values worth putting at small sizes: each value bound's ends and their neighbours,
    powers of two around 2^15, 2^31, 2^32, 2^53, 2^63 (and their negatives) inside a value
    bound, and a modulus the statement names with its neighbours."""
    values = [b for b in bounds if b.kind == "value"]
    if not values:
        return []
    found: list[int] = []

    def inside(v: int) -> bool:
        return any(b.low <= v <= b.high for b in values)

    for b in values:
        found += [b.high, b.low, b.high - 1, b.low + 1]
    for p in _POWERS:
        found += [p - 1, p, p + 1, -p, -p - 1, -p + 1]
    text = _normalise(statement)
    for modulus in _MODULI:
        if str(modulus) in text.replace(" ", "") or (
            modulus == 10**9 + 7 and re.search(r"10\s*\^\s*9\s*\+\s*7", text)
        ):
            found += [modulus - 1, modulus, modulus + 1, 2 * modulus - 1]
    return [v for v in dict.fromkeys(found) if inside(v)]


def extreme_variants(base: list[str], values: list[int], count: int, seed: int = 16) -> list[str]:
    """Up to `count` variants of the small inputs `base` with numbers replaced by extreme
    `values` (in `extreme_values`' order: bound ends first): every number at one extreme,
    alternating with random mixes. The first line of an input of several lines holds its
    counts and is kept (a changed count would break its shape); only the input validators
    decide which variants are valid."""
    if not values or not base:
        return []
    rng = random.Random(seed)
    # The largest small input first, and every value before any value's second input: a bug
    # at exactly the bound is found by the first variants, not by a lottery over all pairs.
    bases = sorted(dict.fromkeys(base), key=lambda t: -len(t.split()))
    plans = [
        (bases[(i + r) % len(bases)], v) for r in range(len(bases)) for i, v in enumerate(values)
    ]
    made: dict[str, None] = {}
    for text, value in plans:
        for variant in (_replace(text, lambda _v, v=value: v), _mixed(text, values, rng)):
            if variant is not None and variant not in base:
                made.setdefault(variant)
        if len(made) >= count:
            break
    return list(made)[:count]


def _mixed(text: str, values: list[int], rng: random.Random) -> str | None:
    return _replace(text, lambda v: rng.choice(values) if rng.random() < 0.5 else v)


def _replace(text: str, change: Callable[[int], int]) -> str | None:
    lines = text.split("\n")
    start = 1 if len([line for line in lines if line.strip()]) > 1 else 0
    changed = False
    out = lines[:start]
    for line in lines[start:]:
        tokens = line.split(" ")
        for i, token in enumerate(tokens):
            if re.fullmatch(r"-?\d{1,40}", token):
                new = str(change(int(token)))
                changed = changed or new != token
                tokens[i] = new
        out.append(" ".join(tokens))
    return "\n".join(out) if changed else None
