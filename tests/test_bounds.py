"""The input's bounds (issue 16, items 3 and 4): read from statements and the model, the
statement's numbers winning; how close inputs come to the maximum; extreme values."""

from __future__ import annotations

import pytest

from solver import parse
from solver.bounds import (
    REACH,
    Bound,
    extreme_values,
    extreme_variants,
    measure,
    merge,
    model_bounds,
    number,
    reach,
    statement_bounds,
    unexplained_values,
)
from solver.report import input_size
from tests.conftest import PROBLEMS


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2*10^5", 200_000),
        ("-10^18", -(10**18)),
        ("10^9+7", 10**9 + 7),
        ("2^31-1", 2**31 - 1),
        ("2.5*10^5", 250_000),
        ("200000", 200_000),
        ("1.5", None),
        ("n", None),
    ],
)
def test_number(text: str, value: int | None) -> None:
    assert number(text) == value


def _bounds(problem: str) -> dict[str, tuple[int, int, str]]:
    text = next((PROBLEMS / problem).glob("*statement*/problem*.md")).read_text()
    return {b.name: (b.low, b.high, b.kind) for b in statement_bounds(text)}


def test_statement_bounds_of_shipped_problems() -> None:
    assert _bounds("max-subarray") == {
        "n": (1, 200_000, "size"),
        "a_i": (-(10**9), 10**9, "value"),
    }
    assert _bounds("add-two") == {
        "a": (-(10**18), 10**18, "value"),
        "b": (-(10**18), 10**18, "value"),
    }
    assert _bounds("coin-ways")["s"] == (0, 100_000, "size")  # k*s <= 10^6 is not a bound of s
    assert _bounds("balanced-brackets")["|s|"] == (1, 200_000, "size")
    assert _bounds("grid-escape") == {"R": (1, 1000, "size"), "C": (1, 1000, "size")}


def test_statement_forms() -> None:
    found = statement_bounds(
        "($|a_i| \\le 10^9$), $1 \\leq N, M \\leq 200\\,000$, and 1 ≤ k ≤ 2·10^5; "
        "answers modulo $10^9+7$"
    )
    got = {b.name: (b.low, b.high) for b in found}
    assert got == {
        "a_i": (-(10**9), 10**9),
        "N": (1, 200_000),
        "M": (1, 200_000),
        "k": (1, 200_000),
    }


def test_model_bounds_are_read_and_the_statement_wins() -> None:
    reply = "Sure.\n```bounds\nn 1 2*10^6 size\nA_i -10^9 10^9 value\nbad row\nk 1 x size\n```\n"
    rows = parse.bounds_rows(reply)
    assert rows is not None and len(rows) == 3
    model = model_bounds(rows)
    assert [b.name for b in model] == ["n", "A_i"]  # k's bound is unreadable: left out
    stated = [
        Bound("n", 1, 200_000, "size", "statement"),
        Bound("s", 0, 10**5, "size", "statement"),
    ]
    merged, notes = merge(stated, model)
    by_name = {b.name: b for b in merged}
    assert by_name["n"].high == 200_000 and by_name["n"].source == "statement"
    assert len(notes) == 1 and "contradicts the statement" in notes[0]
    assert by_name["A_i"].source == "model" and "s" in by_name
    same, quiet = merge(stated, [Bound("s", 0, 10**5, "size", "model")])
    assert quiet == [] and {b.name: b.source for b in same}["s"] == "statement+model"
    assert parse.bounds_rows("no block here") is None


def test_a_weak_generator_is_not_the_maximum() -> None:
    """Inputs of 9 to 57 tokens are far from n <= 2*10^5 (the issue's case)."""
    bounds = [
        Bound("n", 1, 200_000, "size", "statement"),
        Bound("a_i", -(10**9), 10**9, "value", "statement"),
    ]
    weak = ["8\n" + " ".join(["1000000000"] * 8) + "\n", "56\n" + " ".join(["-7"] * 56) + "\n"]
    r = reach(bounds, weak)
    assert r is not None and r.reached == 57 and not r.enough
    full = "200000\n" + " ".join(["5"] * 200_000) + "\n"
    assert reach(bounds, [*weak, full]).enough  # type: ignore[union-attr]
    near = "180000\n" + " ".join(["5"] * 180_000) + "\n"
    assert reach(bounds, [near]).ratio >= REACH  # type: ignore[union-attr]


def test_a_single_number_counts_by_its_value() -> None:
    """A single n <= 10^9 is size n, not 10; a value beyond the bound is not that variable."""
    bound = [Bound("n", 1, 10**9, "size", "model")]
    assert reach(bound, ["999999999\n"]).enough  # type: ignore[union-attr]
    assert not reach(bound, ["1000\n"]).enough  # type: ignore[union-attr]
    assert measure("5 300000\n1 2 3 4 5\n", 200_000) == 7
    assert input_size("1000000000\n") == 10**9
    assert input_size("3\n1 2 3\n") == 4
    assert reach([Bound("a_i", 0, 9, "value", "statement")], ["1\n"]) is None


def test_extreme_values() -> None:
    bounds = [
        Bound("n", 1, 10, "size", "statement"),
        Bound("a_i", -(2**63), 2**63 - 1, "value", "model"),
    ]
    values = extreme_values(bounds, "print it modulo 998244353")
    for v in (2**63 - 1, -(2**63), 2**31 - 1, 2**31, 2**32, -(2**31) - 1, 998_244_352, 998_244_354):
        assert v in values
    assert 2**63 not in values and 2**64 not in values  # outside the bound
    assert extreme_values([Bound("n", 1, 10, "size", "statement")], "") == []


def test_extreme_variants_keep_the_counts() -> None:
    base = ["3\n1 2 3\n", "2\n-5 0\n"]
    variants = extreme_variants(base, [10**9, -(10**9)], 10)
    assert variants and len(variants) == len(set(variants))
    for text in variants:
        first, rest = text.split("\n", 1)
        assert first in ("3", "2")  # the count line is kept
        assert any(abs(int(t)) == 10**9 for t in rest.split())
    one_line = extreme_variants(["1 2\n"], [10**18], 5)
    assert "1000000000000000000 1000000000000000000\n" in one_line


def test_values_beyond_every_bound_are_found() -> None:
    bounds = [Bound("n", 1, 100, "size", "statement"), Bound("a_i", 0, 1000, "value", "statement")]
    assert unexplained_values(bounds, ["2\n5 70000\n", "1\n3\n"]) == [70000]
    assert unexplained_values([], ["2\n5 70000\n"]) == []


def test_a_bound_only_the_model_gives_must_be_written_in_the_statement() -> None:
    """A model's size bound the statement never states would decide what "the maximum" is:
    it is used only when the statement writes its upper end somewhere."""
    model = [Bound("n", 1, 100_000, "size", "model")]
    dropped, notes = merge([], model, "Two integers a and b, |a|, |b| up to $10^{18}$.")
    assert dropped == [] and "not in the statement" in notes[0]
    for prose in ("There are at most 100 000 cities.", "n is at most $10^5$.", "n <= 100000"):
        kept, quiet = merge([], model, prose)
        assert [b.name for b in kept] == ["n"] and quiet == [], prose


def test_the_bound_ends_come_first_whatever_the_seed() -> None:
    """A bug at exactly the bound must not depend on which pairs a shuffle drew first."""
    base = ["1\n5\n", "4\n1 2 3 4\n", "2\n7 8\n"]
    bounds = [Bound("n", 1, 10, "size", "statement"), Bound("a_i", -9, 9, "value", "statement")]
    values = extreme_values(bounds, "")
    assert values[:2] == [9, -9]
    for seed in range(20):
        variants = extreme_variants(base, values, 4, seed=seed)
        assert variants[0] == "4\n9 9 9 9\n"  # every number at the top, on the largest input
        assert "2\n-9 -9\n" in variants[:3]
