"""What each stage asks the model. docs/protocol.md is the reference for these texts.

CWM gets the prompts of Meta's release (its reasoning system prompt, the LiveCodeBench wording,
a `<think>` prefill); every other model gets plain generic prompts with the same reply formats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from solver.client import CWM_REASONING_PREAMBLE
from solver.config import ModelConfig

GENERIC_SYSTEM = (
    "You are an expert competitive programmer. You write correct, efficient "
    "Python 3 programs and answer exactly in the format you are asked for."
)
MAX_SHOWN = 4000


@dataclass(frozen=True)
class Prompt:
    stage: str
    messages: list[dict[str, str]]
    prefill_think: bool = False

    def followed_by(self, reply: str, user: str) -> Prompt:
        """The same conversation, the model's reply, and a new user turn."""
        return Prompt(
            self.stage,
            [
                *self.messages,
                {"role": "assistant", "content": reply},
                {"role": "user", "content": user},
            ],
            self.prefill_think,
        )


def _about(statement: str) -> str:
    """The problem as the loop passes it: `Task.shown_to_model()`, the statement followed by
    its limits and sample tests."""
    return f"Here is a competitive programming problem.\n\n{statement.rstrip()}\n\n"


def _prompt(stage: str, config: ModelConfig, user: str) -> Prompt:
    thinks = config.is_cwm and config.thinks
    system = CWM_REASONING_PREAMBLE if thinks else GENERIC_SYSTEM
    return Prompt(
        stage,
        [{"role": "system", "content": system}, {"role": "user", "content": user}],
        prefill_think=thinks,
    )


def shown(text: str, limit: int = MAX_SHOWN) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... ({len(text) - limit} more characters)\n"


def draft(statement: str, config: ModelConfig, *, starter: str | None = None) -> Prompt:
    """`starter`: the starter code of a functional (LeetCode-style) problem, whose solution is
    a method of `class Solution` rather than a program reading standard input."""
    if starter is not None:
        return _prompt("draft", config, _draft_functional(statement, starter, config))
    if config.is_cwm:
        user = (
            "You are given a competitive programming question. Write a Python solution for "
            "the following competitive programming question. The program must read the "
            "input from standard input and write the answer to standard output. Enclose "
            "your code within delimiters as follows:\n```python\n# YOUR CODE HERE\n```\n\n"
            f"### Question:\n{statement}"
        )
    else:
        user = (
            "Solve the following competitive programming problem in Python 3. The program "
            "reads from standard input and writes to standard output, must print exactly "
            "the sample outputs on the sample inputs, and must run within the time and "
            "memory limits on the largest inputs the constraints allow. Reply with the "
            "complete program in a single ```python code block.\n\n"
            f"{statement}"
        )
    return _prompt("draft", config, user)


def _draft_functional(statement: str, starter: str, config: ModelConfig) -> str:
    # LiveCodeBench's wording for problems with starter code.
    tail = (
        "### Format: You will use the following starter code to write the solution to the "
        f"problem and enclose your code within delimiters.\n```python\n{starter.strip()}\n"
        "```\n\n### Answer: (use the provided format with backticks)\n"
    )
    if config.is_cwm:
        return (
            "You are given a competitive programming question. Write a Python solution "
            "for it: complete the method of `class Solution` (the tests call it; it does "
            "not read standard input).\n\n"
            f"### Question:\n{statement}\n\n{tail}"
        )
    return (
        "Solve the following problem in Python 3 by completing the method of `class "
        "Solution` in the starter code (the tests call the method with their arguments; "
        "the program does not read standard input). Reply with the complete class in a "
        f"single ```python code block.\n\n{statement}\n\n{tail}"
    )


def edge_cases(statement: str, config: ModelConfig) -> Prompt:
    return _prompt(
        "tests",
        config,
        (
            _about(statement)
            + "List up to 8 small but tricky test inputs for it: minimum sizes, equal or extreme "
            "values, and the corner cases a wrong solution would miss. Every input must satisfy "
            "all the constraints. Give each input exactly as it appears on standard input, each "
            "in its own ```input code block, and nothing else in code blocks."
        ),
    )


def generator(statement: str, config: ModelConfig) -> Prompt:
    return _prompt(
        "generator",
        config,
        (
            _about(statement)
            + "Write a random input generator for it with the Python `hypothesis` library. Define\n"
            "```python\nfrom hypothesis import strategies as st\n\n@st.composite\n"
            "def inputs(draw, size):\n    ...\n    return text\n```\n"
            'where `size` is "tiny" (the smallest cases, a handful of elements), "small" (up '
            'to about 10 elements, small values) or "large" (the maximum sizes and values the '
            "constraints allow), and `text` is one complete valid input as a string, exactly as "
            "it appears on standard input. Draw every choice with `draw(...)` so that hypothesis "
            'can shrink failing inputs; for "large" inputs, which are too big to draw element '
            "by element, draw a seed and build the input with `random.Random(seed)`. Use only "
            "`hypothesis` and the standard library. Reply with one ```python code block."
        ),
    )


def validator(statement: str, config: ModelConfig) -> Prompt:
    return _prompt(
        "validator",
        config,
        (
            _about(statement)
            + "Write a Python 3 input validator: a program that reads one input from standard "
            "input and exits with code 0 if it satisfies every format rule and constraint of the "
            "statement, and with code 1 otherwise. Reply with one ```python code block."
        ),
    )


def brute(statement: str, config: ModelConfig) -> Prompt:
    return _prompt(
        "brute",
        config,
        (
            _about(statement)
            + "Write a brute-force reference solution in Python 3: the simplest program that is "
            "obviously correct, trying all possibilities if needed, with no concern for speed "
            "(it only runs on tiny inputs). It reads standard input and writes standard output. "
            "Reply with one ```python code block."
        ),
    )


def alternative(statement: str, config: ModelConfig, *, exact: bool, hint: str = "") -> Prompt:
    """An independent efficient solution (a fresh conversation: it never sees a candidate)."""
    arithmetic = (
        " The answer is a real number: compute it in exact arithmetic (integers or "
        "fractions.Fraction), rounding only when you print it."
        if exact
        else ""
    )
    return _prompt(
        "alt",
        config,
        (
            _about(statement)
            + "Write a correct and efficient solution in Python 3, fast enough for the largest "
            "inputs the constraints allow. Solve it by a different method from the one most "
            "people would try first (another algorithm, another data structure, or another way "
            "of counting), and be careful with the extreme values the constraints allow."
            + arithmetic
            + (f" {hint}" if hint else "")
            + " It reads standard input and writes standard output. Reply with one ```python "
            "code block."
        ),
    )


def distinguish(statement: str, code_a: str, code_b: str, config: ModelConfig) -> Prompt:
    """Two programs that differ on some large input: a small input on which they differ."""
    return _prompt(
        "separate",
        config,
        (
            _about(statement)
            + f"Program A:\n```python\n{code_a}```\n\nProgram B:\n```python\n{code_b}```\n\n"
            "The two programs print different answers on some large valid input. Find a small "
            "valid input (as few numbers and as small values as you can) on which they print "
            "different answers. Reply with up to three such inputs, each in its own ```input "
            "code block."
        ),
    )


def predict(statement: str, test_input: str, config: ModelConfig) -> Prompt:
    return _prompt(
        "predict",
        config,
        (
            _about(statement)
            + "Work out, by reasoning carefully about the problem itself, the exact correct output "
            "for this new test input (not one of the samples):\n"
            f"```input\n{shown(test_input)}```\n"
            "Reply with the exact expected output in one ```output code block."
        ),
    )


@dataclass(frozen=True)
class Failure:
    """What the repair stage shows the model about one failing test."""

    test: str
    input: str
    verdict: str
    got: str
    expected: str | None
    stderr: str
    sources: str
    """Who says `expected` is right, e.g. "the sample", "the brute-force reference and the
    predicted output agree"."""
    time_s: float = 0.0
    time_limit_s: float = 0.0
    shrunk: bool = False
    trace_note: str = ""
    """Where the model's predicted execution first parts from the real trace (CWM), or an
    excerpt of the real trace (other models)."""


def repair(statement: str, code: str, failure: Failure, config: ModelConfig) -> Prompt:
    if failure.verdict == "TLE":
        problem = (
            f"It exceeded the time limit of {failure.time_limit_s:g} s (ran "
            f"{failure.time_s:.2f} s and was stopped) on this input of "
            f"{len(failure.input)} characters:\n```input\n{shown(failure.input, 1500)}"
            "```\nFind a faster algorithm that meets the constraints."
        )
    elif failure.verdict in ("RTE", "MLE", "OLE"):
        problem = (
            f"It failed with {failure.verdict} on this input:\n"
            f"```input\n{shown(failure.input)}```\n"
            f"Standard error:\n```\n{shown(failure.stderr, 1500)}```"
        )
    else:
        what = "the smallest input found (shrunk)" if failure.shrunk else "this input"
        problem = (
            f"It gives a wrong answer on {what}:\n```input\n{shown(failure.input)}```\n"
            f"Expected output ({failure.sources}):\n```output\n"
            f"{shown(failure.expected or '')}```\n"
            f"Your program printed:\n```output\n{shown(failure.got)}```"
        )
        if failure.stderr.strip():
            problem += f"\nStandard error:\n```\n{shown(failure.stderr, 1500)}```"
        if failure.trace_note:
            problem += f"\n{failure.trace_note}"
    user = (
        f"{_about(statement)}Here is a Python solution:\n```python\n{code}```\n\n{problem}\n\n"
        "Fix the solution. Reply with the complete corrected program in one ```python "
        "code block."
    )
    return _prompt("repair", config, user)


REASK = {
    "code": "Your reply had no complete ```python code block that parses. Reply again with the "
    "complete program in one ```python code block.",
    "inputs": "Your reply had no ```input code blocks. Reply again with each input in its own "
    "```input code block.",
    "output": "Your reply had no ```output code block. Reply again with the exact expected "
    "output in one ```output code block.",
}


# ---- Added for the verification stages (issue 8): the functions above keep their wording. ----

WORST_CASES_ASK = (
    "\n\nAlso define, in the same code block, a plain function\n"
    "```python\ndef worst_cases(scale):\n    ...\n    return [text, ...]\n```\n"
    "returning a few complete valid inputs at `scale` times the maximum sizes the constraints "
    "allow (`scale` is 1.0 for the maximum itself, or a fraction such as 0.1 or 0.01), in the "
    "shapes that are slowest for the obvious algorithms, not only random ones (for example "
    "sorted, all equal, a single long path, the largest answers), built with "
    "`random.Random(seed)` for a fixed seed. If you leave it out, only `inputs` is used."
)


def _with_user_text(prompt: Prompt, change: Callable[[str], str]) -> Prompt:
    messages = [dict(m) for m in prompt.messages]
    last = max(i for i, m in enumerate(messages) if m["role"] == "user")
    messages[last]["content"] = change(messages[last]["content"])
    return Prompt(prompt.stage, messages, prompt.prefill_think)


def asking_worst_cases(prompt: Prompt) -> Prompt:
    """The generator prompt, also asking for the optional `worst_cases(scale)`."""
    return _with_user_text(prompt, lambda text: text + WORST_CASES_ASK)


def repair_more(prompt: Prompt, extra: str) -> Prompt:
    """A repair prompt with more about the failure (two oracles that disagree, a time curve,
    a stated complexity) before its closing instruction."""
    if not extra.strip():
        return prompt
    closing = "\n\nFix the solution."

    def insert(text: str) -> str:
        at = text.rfind(closing)
        return text + "\n\n" + extra if at < 0 else text[:at] + "\n\n" + extra + text[at:]

    return _with_user_text(prompt, insert)


def identical(earlier: str) -> str:
    return (
        f"That program is identical (up to whitespace) to candidate {earlier}, which was "
        "already tested: it fails as shown above, so it is not run again. Reply with a "
        "corrected program that differs from it, in one ```python code block."
    )


def slow(
    statement: str,
    code: str,
    test_input: str,
    seconds: float,
    time_limit_s: float,
    margin: float,
    extra: str,
    config: ModelConfig,
) -> Prompt:
    """Repair of a program that runs within the limit at the maximum sizes, but without the
    required safety margin."""
    user = (
        f"{_about(statement)}Here is a Python solution:\n```python\n{code}```\n\n"
        f"On this input at the maximum sizes it took {seconds:.2f} s of CPU time; the "
        f"time limit is {time_limit_s:g} s and a solution must stay under "
        f"{(1 - margin) * time_limit_s:.2f} s (a {margin:.0%} safety margin), since the "
        "judge's worst case may be harder:\n"
        f"```input\n{shown(test_input, 1500)}```\n"
        + (f"{extra}\n" if extra else "")
        + "\nFix the solution: make it faster. Reply with the complete corrected program in "
        "one ```python code block."
    )
    return _prompt("repair", config, user)


def complexity(statement: str, code: str, config: ModelConfig) -> Prompt:
    return _prompt(
        "complexity",
        config,
        (
            _about(statement) + f"Here is a Python solution:\n```python\n{code}```\n\n"
            "What is its worst-case time complexity, in terms of the input sizes of the statement? "
            "Reply with the complexity alone in one ```complexity code block, for example\n"
            "```complexity\nO(n log n)\n```"
        ),
    )


# ---- Added for interactive problems (issue 10): the functions above keep their wording. ----

INTERACTIVE_SOLUTION = (
    "\n\nThis is an interactive problem: your program talks with the judge's program (the "
    "interactor) through standard input and standard output, as the statement describes. "
    "Flush standard output after every message (`print(..., flush=True)` or "
    "`sys.stdout.flush()`), read the judge's replies line by line (`sys.stdin.readline()` or "
    "`input()`, never `sys.stdin.read()`, which waits for an end of input that does not come), "
    "and stop when the statement says so."
)
INTERACTIVE_TESTS = (
    "\n\nThis is an interactive problem: a test is not what the solution reads, but the file "
    "the judge's interactor reads (the hidden data it answers from), in the format of the "
    "sample test files above. Wherever this asks for an input, it means such a file."
)


def interactive(prompt: Prompt, kind: str) -> Prompt:
    """A prompt for an interactive problem: `solution` (draft, repair) tells the model to
    flush and read line by line; `tests` (edge cases, generator, validator) says what a test
    is."""
    note = INTERACTIVE_SOLUTION if kind == "solution" else INTERACTIVE_TESTS
    return _with_user_text(prompt, lambda text: text + note)


def repair_interactive(
    statement: str, code: str, failure: Failure, judge_message: str, config: ModelConfig
) -> Prompt:
    """Repair after a run against the interactor: the test file it read, the verdict, and its
    judge message (there is no expected output to show)."""
    test = f"the judge's test file (the interactor reads it):\n```input\n{shown(failure.input)}```"
    said = f"\nThe interactor's message: {judge_message}" if judge_message else ""
    if failure.stderr.strip():
        said += f"\nStandard error:\n```\n{shown(failure.stderr, 1500)}```"
    if failure.verdict == "TLE":
        problem = (
            f"It exceeded the time limit of {failure.time_limit_s:g} s (stopped after "
            f"{failure.time_s:.2f} s) against the interactor, on {test}{said}\n"
            "In an interactive problem this is often a program waiting for a reply that "
            "never comes: output not flushed, reading more than the judge sends, or "
            "not stopping when told; otherwise find a faster algorithm."
        )
    elif failure.verdict in ("RTE", "MLE", "OLE"):
        problem = f"It failed with {failure.verdict} against the interactor, on {test}{said}"
    else:
        problem = f"The interactor rejected it (wrong answer) on {test}" + (
            said or "\nThe interactor gave no message."
        )
    user = (
        f"{_about(statement)}Here is a Python solution:\n```python\n{code}```\n\n{problem}\n\n"
        "Fix the solution. Reply with the complete corrected program in one ```python "
        "code block."
    )
    return interactive(_prompt("repair", config, user), "solution")


# ---- Added for the input's bounds (issue 16): the functions above keep their wording. ----


def bounds(statement: str, config: ModelConfig) -> Prompt:
    """The input's variables and their bounds, as the statement states them."""
    return _prompt(
        "bounds",
        config,
        (
            _about(statement) + "List every variable of the input with the bounds the statement "
            "gives it. Reply with one ```bounds code block, one line per variable: "
            "`name low high kind`, where kind is `size` for a count or length that the amount "
            "of input or of work grows with (the number of elements, queries or test cases, a "
            "string's length, an amount a solution might loop up to) and `value` for any other "
            "number (element values, coordinates, weights). Write numbers in full or as "
            "2*10^5, with no spaces inside a number. For example\n"
            "```bounds\nn 1 2*10^5 size\na_i -10^9 10^9 value\n```"
        ),
    )
