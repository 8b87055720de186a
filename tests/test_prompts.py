"""What the model is shown of a problem: `Task.shown_to_model()` (the statement, LaTeX
rendered readable, the limits and the samples) and every prompt built from it."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from solver import prompts
from solver.config import ModelConfig
from solver.latex import latex_to_text, render_isolated
from solver.task import load_task
from tests.conftest import PROBLEMS, write_files

# A Kattis-style statement using what real problem.en.tex files use.
TEX = r"""
\problemname{Fence Repair}
% The fence image is drawn by the jury.
\newcommand{\fence}{\textsc{Fence}}
\newcommand{\pair}[2]{(#1, #2)}
\illustration{0.35}{fence.jpg}{A fence with $n$ posts. Photo by Jo,
  \href{https://example.org/cc}{CC BY}}

Farmer Jo owns a \fence{} of $n$ posts; post $i$ has height $h_i$.
A \emph{repair} chooses a pair $\pair{i}{j}$ with $1 \le i < j \le n$ and costs
$|h_i - h_j| \cdot (j - i)$ coins; prices are at most $1\,000$ coins per metre, and
$h_{i+1} \ge h_i$ need not hold. Heights are between $0$ and $2^{31} - 1$, and
$n \times m \leq 10^{5}$. See \url{https://example.org/fences} for the rules.

\section*{Input}
The first line holds $n$ and $m$ ($2 \le n \le 10^5$, $1 \le m \le 10$).
The second line holds the heights $h_1, h_2, \ldots, h_n$.~Lines end with a newline.
\begin{itemize}
  \item the heights are integers;
  \item \textbf{no} two posts share a height.
\end{itemize}

\section*{Output}
Print ``\texttt{cheapest}'' followed by the minimal cost, then for each query:
\begin{enumerate}
  \item its index, and
  \item the pair chosen.
\end{enumerate}

\begin{tabular}{|l|r|}
  \hline
  $n$ & time \\ \hline
  $10^3$ & fast \\
  $10^5$ & slow \\
  \hline
\end{tabular}

\begin{verbatim}
cheapest 12
1 2
\end{verbatim}
\includegraphics[width=0.3\textwidth]{posts.png}
Line one\\Line two.
\sampletable{Sample Input}{sample/1.in}{Sample Output}{sample/1.ans}
"""

SAMPLES = {
    "1": ("3 1\n4 1 5\n", "cheapest 6\n1 2\n"),
    "2": ("2 2\n7 3\n", "cheapest 4\n1 2\n2 1\n"),
}


@pytest.fixture
def tex_package(tmp_path: Path) -> Path:
    files = {
        "problem.yaml": "name: Fence Repair\nlimits:\n  time_limit: 3\n  memory: 512\n",
        "problem_statement/problem.en.tex": TEX,
    }
    for name, (given, answer) in SAMPLES.items():
        files[f"data/sample/{name}.in"] = given
        files[f"data/sample/{name}.ans"] = answer
    files["data/secret/1.in"] = "2 1\n1 2\n"
    files["data/secret/1.ans"] = "cheapest 1\n1 2\n"
    return write_files(tmp_path / "fence", files)


def blocks(text: str, tag: str) -> list[str]:
    return re.findall(rf"```{tag}\n(.*?)```", text, re.S)


def test_latex_statement_is_rendered_readable(tex_package: Path) -> None:
    shown = load_task(tex_package).shown_to_model()
    assert "\\" not in shown, shown  # no macro, no escaped character left
    assert "$" not in shown and "%" not in shown
    assert "The fence image" not in shown  # comments go
    lines = shown.splitlines()
    assert lines[0] == "# Fence Repair"
    assert "## Input" in lines and "## Output" in lines
    for legible in (
        "1 ≤ i < j ≤ n",
        "|h_i - h_j| · (j - i)",
        "at most 1000 coins",
        "h_(i+1) ≥ h_i",
        "2^31 - 1",
        "n × m ≤ 10^5",
        "2 ≤ n ≤ 10^5",
        "h_1, h_2, …, h_n",
        "a Fence of n posts",
        "a pair (i, j) with",
        "“cheapest”",
        "https://example.org/fences for the rules",
        "[Illustration: A fence with n posts. Photo by Jo, CC BY (https://example.org/cc)]",
        "[Figure]",
        "Line one\nLine two.",
    ):
        assert legible in shown, (legible, shown)
    assert "- the heights are integers;\n- no two posts share a height." in shown
    assert "1. its index, and\n2. the pair chosen." in shown
    assert "| n | time |\n| 10^3 | fast |\n| 10^5 | slow |" in shown
    assert "```\ncheapest 12\n1 2\n```" in shown  # verbatim stays verbatim
    assert "Sample Input" not in shown  # \sampletable: the samples come from data/sample


def test_shown_to_model_holds_the_limits_and_every_sample(tex_package: Path) -> None:
    shown = load_task(tex_package).shown_to_model()
    assert "Time limit: 3 seconds per test. Memory limit: 512 MiB." in shown
    assert blocks(shown, "input") == [given for given, _ in SAMPLES.values()]
    assert blocks(shown, "output") == [answer for _, answer in SAMPLES.values()]
    assert "cheapest 1\n" not in shown  # never data/secret


@pytest.mark.parametrize("cwm", [False, True])
def test_every_statement_prompt_shows_samples_and_limits(tex_package: Path, cwm: bool) -> None:
    task = load_task(tex_package)
    statement = task.shown_to_model()
    config = ModelConfig(model="facebook/cwm" if cwm else "other", base_url="http://x/v1")
    failure = prompts.Failure(
        "generated/small-1",
        "2 9\n5 6\n",
        "WA",
        "cheapest 0\n",
        "cheapest 1\n",
        "",
        "the brute-force reference",
    )
    built = [
        prompts.draft(statement, config),
        prompts.edge_cases(statement, config),
        prompts.generator(statement, config),
        prompts.validator(statement, config),
        prompts.brute(statement, config),
        prompts.predict(statement, "2 2\n9 8\n", config),
        prompts.repair(statement, "print(1)\n", failure, config),
    ]
    assert [p.stage for p in built] == [
        "draft",
        "tests",
        "generator",
        "validator",
        "brute",
        "predict",
        "repair",
    ]
    for prompt in built:
        user = prompt.messages[-1]["content"]
        assert "Time limit: 3 seconds" in user and "512 MiB" in user, prompt.stage
        assert blocks(user, "output")[:2] == [a for _, a in SAMPLES.values()], prompt.stage
        assert blocks(user, "input")[:2] == [g for g, _ in SAMPLES.values()], prompt.stage
        assert "\\" not in user, prompt.stage
    # In a predict prompt the test comes last, after the samples.
    assert blocks(built[5].messages[-1]["content"], "input")[-1] == "2 2\n9 8\n"


def test_markdown_statement_stays_as_it_is() -> None:
    package = PROBLEMS / "mean-speed"
    task = load_task(package)
    raw = (package / "statement" / "problem.en.md").read_text()
    shown = task.shown_to_model()
    assert shown.startswith(raw.rstrip())  # word for word, $..$ math included
    assert "$1 \\le n \\le 10^5$" in shown
    tail = shown[len(raw.rstrip()) :]
    samples = sorted((package / "data" / "sample").glob("*.in"))
    assert blocks(tail, "input") == [p.read_text() for p in samples]
    assert blocks(tail, "output") == [p.with_suffix(".ans").read_text() for p in samples]
    assert f"Time limit: {task.time_limit_s:g} second" in tail
    assert "Memory limit: 256 MiB." in tail


def test_statement_file_samples_are_listed(tmp_path: Path) -> None:
    from tests.test_solve import STATEMENT

    path = write_files(tmp_path, {"sum.md": STATEMENT}) / "sum.md"
    shown = load_task(path).shown_to_model()
    assert shown.startswith(path.read_text().rstrip())
    assert blocks(shown, "input")[-2:] == ["3\n1 2 3\n", "2\n10 20\n"]
    assert blocks(shown, "output")[-2:] == ["6\n", "30\n"]
    assert "Time limit: 2 seconds per test. Memory limit: 256 MiB." in shown


def test_a_long_sample_is_cut_saying_so(tex_package: Path) -> None:
    (tex_package / "data" / "sample" / "3.in").write_text("2 1\n" + "7 " * 5000 + "\n")
    (tex_package / "data" / "sample" / "3.ans").write_text("cheapest 0\n1 2\n")
    shown = load_task(tex_package).shown_to_model()
    assert len(shown) < 12_000
    assert "(6005 more characters not shown)\n```" in shown


def test_own_macros_expand_with_arguments_and_recursion_is_bounded() -> None:
    assert latex_to_text(r"\newcommand{\sq}[1]{#1^2} Area $\sq{a+b}$.") == "Area a+b^2.\n"
    assert latex_to_text(r"\renewcommand{\x}{ten} \x{} and \x") == "ten and ten\n"
    assert latex_to_text(r"\DeclareMathOperator{\lcm}{lcm} $\lcm(a, b)$") == "lcm(a, b)\n"
    assert (
        latex_to_text(r"\def\p#1#2{(#1; #2)} pair $\p{x}{y}$, \def\q{Q}\q.") == "pair (x; y), Q.\n"
    )
    start = time.process_time()
    out = latex_to_text(r"\newcommand{\r}[1]{a\r{#1}} \r{x} end")
    assert out.endswith("end\n") and "\\" not in out
    doubling = r"\newcommand{\d}[1]{#1#1}" + r"\d{" * 30 + "z" + "}" * 30
    assert "\\" not in latex_to_text(doubling)
    assert time.process_time() - start < 30


def test_unparseable_latex_is_shown_as_source_not_hung() -> None:
    # pylatexenc's tolerant parser backtracks exponentially on this one.
    hostile = (
        "\\href{$\\\\newcommand{\\q}[1]{#1#1}a_}\\section*{}^\\end{verbatim}"
        "\\\\end{itemize}~&\\item \\q{a\\q{ a\\newcommand{\\q}[1]{#1#1} a\\q{\\href{~"
    ) * 3
    start = time.monotonic()
    assert render_isolated(hostile, timeout_s=2) == hostile
    assert time.monotonic() - start < 60
    assert render_isolated("$1 \\le n$", timeout_s=60) == "1 ≤ n\n"


# ---- end to end ---------------------------------------------------------------------------


def test_solve_shows_a_latex_package_as_a_contestant_sees_it(
    tex_package: Path, tmp_path: Path
) -> None:
    """The real CLI on a LaTeX package: the draft request carries every sample, the limits
    and the readable statement."""
    from tests.conftest import run_cli
    from tests.scripted_model import ScriptedModel, code, input_blocks, output

    right = "import sys\nn, m = map(int, sys.stdin.readline().split())\nprint('cheapest', 0)\n"
    script = {
        "draft": [code(right)],
        "repair": [code(right)],
        "brute": [code(right)],
        "tests": [input_blocks("2 1\n1 2\n")],
        "generator": [
            code(
                "from hypothesis import strategies as st\n\n"
                "@st.composite\ndef inputs(draw, size):\n"
                "    return '2 1\\n1 2\\n'\n"
            )
        ],
        "validator": [code("import sys\nsys.exit(0)\n")],
        "predict": [output("cheapest 0")],
    }
    with ScriptedModel(script) as model:
        run_cli(
            "solve",
            tex_package,
            "--base-url",
            model.base_url,
            "--model",
            "scripted-model",
            "--rounds",
            "1",
            "--retries",
            "0",
            "-o",
            tmp_path / "out.py",
            "--report",
            tmp_path / "report.json",
            timeout=300,
        )
        drafts = model.stage_requests("draft")
    assert drafts, "no draft request"
    user = drafts[0].user_text
    assert blocks(user, "input") == [g for g, _ in SAMPLES.values()]
    assert blocks(user, "output") == [a for _, a in SAMPLES.values()]
    assert "Time limit: 3 seconds per test. Memory limit: 512 MiB." in user
    assert "\\" not in user and "$" not in user
    assert "1 ≤ i < j ≤ n" in user


@pytest.mark.parametrize("model", ["facebook/cwm", "some-other-model"])
def test_functional_draft_shows_the_starter_code_not_stdin(model: str) -> None:
    starter = "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n"
    prompt = prompts.draft("Find two indices.", ModelConfig(model=model), starter=starter)
    text = prompt.messages[-1]["content"]
    assert starter.strip() in text
    assert "You will use the following starter code" in text  # LiveCodeBench's wording
    assert "must read the input from standard input" not in text
    assert "reads from standard input and writes" not in text
    plain = prompts.draft("Find two indices.", ModelConfig(model=model))
    assert "standard input" in plain.messages[-1]["content"]
