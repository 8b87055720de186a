"""Parsing model replies: reasoning, several blocks, none, truncated code."""

from __future__ import annotations

from solver.client import split_reasoning
from solver.parse import input_blocks, majority, output_block, python_code


def test_first_python_block_that_parses() -> None:
    text = (
        "Idea first.\n```python\ndef broken(:\n```\nBetter:\n```python\nprint(1)\n```\n"
        "```python\nprint(2)\n```\n"
    )
    assert python_code(text) == "print(1)\n"


def test_untagged_block_is_a_fallback_and_prose_is_ignored() -> None:
    assert python_code("Use this:\n```\nx = 3\nprint(x)\n```\nDone.") == "x = 3\nprint(x)\n"
    assert python_code("```cpp\nint main(){}\n```\n```python\nprint(5)\n```") == "print(5)\n"


def test_no_block_or_truncated_block_gives_none() -> None:
    assert python_code("I would add the numbers.") is None
    assert python_code("```python\nimport sys\nprint(sum(map(int, sys.stdin") is None
    assert python_code("```python\n```") is None


def test_outputs_and_inputs() -> None:
    reply = "Trace:\n```output\n5\n```\nNo, wait:\n```output\n6\n```\n"
    assert output_block(reply) == "6\n"
    assert output_block("no block here") is None
    assert input_blocks("```input\n1 2\n```\n```input\n3\n```\n```python\nx\n```") == [
        "1 2\n",
        "3\n",
    ]


def test_majority_vote() -> None:
    assert majority(["6\n", " 6", "7\n"]) == ("6\n", 2)
    assert majority(["6\n", "7\n"]) == (None, 1)  # a tie is no prediction
    assert majority([]) == (None, 0)


def test_reasoning_is_split_from_the_answer() -> None:
    reply = split_reasoning("let me think\n</think>\nanswer", "", prefilled=True, finish="stop")
    assert (reply.reasoning, reply.answer) == ("let me think", "answer")
    unfinished = split_reasoning("still thinking...", "", prefilled=True, finish="length")
    assert unfinished.answer == "" and not unfinished.reasoning_finished
    plain = split_reasoning("<think>hmm</think>\n42", "", prefilled=False, finish="stop")
    assert plain.answer == "42"
    server_side = split_reasoning("42", "reasoned on the server", prefilled=False, finish="stop")
    assert (server_side.answer, server_side.reasoning) == ("42", "reasoned on the server")
