"""Statements pasted from judges' pages: samples and limits found in the shapes people paste."""

from __future__ import annotations

from pathlib import Path

import pytest

from solver.errors import BadInput
from solver.samples import extract_samples, stated_memory_limit, stated_time_limit
from solver.task import load_task
from tests.conftest import run_cli

# As copied from an AtCoder task page (English), "Copy" buttons included.
ATCODER = """A - Welcome to AtCoder
Time Limit: 2 sec / Memory Limit: 1024 MB

Score : 100 points

Problem Statement
Takahashi is a very simple person. Given integers a, b, c and a string s, print a+b+c and s.

Constraints
1≤a,b,c≤1,000
1≤|s|≤100

Input
Input is given from Standard Input in the following format:

a
b c
s
Output
Print a+b+c and s, separated by a space, in one line.

Sample Input 1
Copy
1
2 3
test
Sample Output 1
Copy
6 test

1+2+3 = 6.

Sample Input 2
Copy
72
128 256
myonmyon
Sample Output 2
Copy
456 myonmyon
"""

# As copied from a Codeforces problem page: labels glued to their "Copy" links, a Note after.
CODEFORCES = """A. Watermelon
time limit per test1 second
memory limit per test64 megabytes
inputstandard input
outputstandard output
One hot summer day Pete and his friend Billy decided to buy a watermelon.

Input
The first (and the only) input line contains integer number w (1 ≤ w ≤ 100) — the weight.

Output
Print YES, if the boys can divide the watermelon into two parts, each of them weighing even
number of kilos; and NO in the opposite case.

Examples
inputCopy
8
outputCopy
YES
inputCopy
5
outputCopy
NO
Note
For example, the boys can divide the watermelon into two parts of 2 and 6 kilos.
"""

# Codeforces again, as another browser copies it: labels and "Copy" on lines of their own.
CODEFORCES_SPLIT = """B. Sums
time limit per test2 seconds
memory limit per test256 megabytes

Input
The first line contains t.

Output
For each test print the answer.

Example
Input
Copy
2
1 2
3 4
Output
Copy
3
7
"""

# Kattis' sample boxes, a grid whose rows begin with '#'.
KATTIS = """Grid Walk
Time limit: 1 second
Memory limit: 1 GB

Find the number of free cells.

Input
The first line has r and c; then r rows of '#' and '.'.

Output
Print the count.

Sample Input 1
2 3
#.#
..#
Sample Output 1
3

Sample Input 2
1 1
.
Sample Output 2
1
"""

JAPANESE = """問題文
整数 a, b が与えられます。a+b を出力してください。

入力例 1
1 2

出力例 1
3
"""

NO_SAMPLES = """# Sum

Given n integers, print their sum.

## Input

The first line holds n.

## Output

Print the sum.
"""


def test_atcoder_paste() -> None:
    assert extract_samples(ATCODER) == [
        ("1\n2 3\ntest\n", "6 test\n"),
        ("72\n128 256\nmyonmyon\n", "456 myonmyon\n"),
    ]
    assert stated_time_limit(ATCODER) == 2.0
    assert stated_memory_limit(ATCODER) == 1024


def test_codeforces_paste() -> None:
    assert extract_samples(CODEFORCES) == [("8\n", "YES\n"), ("5\n", "NO\n")]
    assert stated_time_limit(CODEFORCES) == 1.0
    assert stated_memory_limit(CODEFORCES) == 64
    assert extract_samples(CODEFORCES_SPLIT) == [("2\n1 2\n3 4\n", "3\n7\n")]


def test_kattis_paste_keeps_grid_rows() -> None:
    assert extract_samples(KATTIS) == [("2 3\n#.#\n..#\n", "3\n"), ("1 1\n.\n", "1\n")]
    assert stated_memory_limit(KATTIS) == 1024


def test_japanese_labels() -> None:
    assert extract_samples(JAPANESE) == [("1 2\n", "3\n")]


def test_both_languages_pasted_give_each_sample_once() -> None:
    assert extract_samples(
        JAPANESE
        + "\n"
        + JAPANESE.replace("入力例", "Sample Input").replace("出力例", "Sample Output")
    ) == [("1 2\n", "3\n")]


def test_format_sections_are_not_samples() -> None:
    assert extract_samples(NO_SAMPLES) == []


@pytest.mark.parametrize(
    "text,name", [(ATCODER, "atcoder.txt"), (CODEFORCES, "cf.txt"), (KATTIS, "kattis.txt")]
)
def test_pasted_statement_becomes_a_task(tmp_path: Path, text: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    task = load_task(path)
    assert task.samples and all(s.input.strip() and s.output.strip() for s in task.samples)
    assert task.statement == text
    assert task.memory_mib == min(stated_memory_limit(text) or 256, 1024)


def test_no_samples_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text(NO_SAMPLES)
    with pytest.raises(BadInput, match="no samples found"):
        load_task(path)
    res = run_cli("solve", "plain.md", "--base-url", "http://127.0.0.1:9/v1", cwd=tmp_path)
    assert res.code == 2
    assert "no samples found" in res.stderr and len(res.stderr.strip().splitlines()) == 1
