"""`solver run` reads what it is given: a file, `-`, `/dev/stdin`, or a piped standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROBLEMS, ROOT, run_cli

ADD = PROBLEMS / "add-two" / "submissions" / "accepted" / "add.py"


def test_piped_stdin_is_the_programs_input() -> None:
    res = run_cli("run", ADD, stdin="3 4\n")
    assert res.code == 0, res.stderr
    assert res.stdout == "7\n"


def test_dash_is_standard_input() -> None:
    res = run_cli("run", ADD, "-i", "-", stdin="10 -3\n")
    assert (res.code, res.stdout) == (0, "7\n"), res.stderr


def test_dev_stdin_is_read_not_silently_empty() -> None:
    res = run_cli("run", ADD, "-i", "/dev/stdin", stdin="1 1\n")
    assert (res.code, res.stdout) == (0, "2\n"), res.stderr


def test_a_named_pipe_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "solver", "run", str(ADD), "-i", str(fifo)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with fifo.open("w") as writer:
        writer.write("20 22\n")
    out, err = proc.communicate(timeout=300)
    assert (proc.returncode, out) == (0, "42\n"), err


def test_a_file_wins_over_piped_stdin(tmp_path: Path) -> None:
    given = tmp_path / "1.in"
    given.write_text("5 6\n")
    res = run_cli("run", ADD, "-i", given, stdin="1 1\n")
    assert (res.code, res.stdout) == (0, "11\n"), res.stderr


def test_empty_stdin_is_empty_input() -> None:
    res = run_cli("run", ADD)  # stdin: empty, not a terminal
    assert res.code == 1 and "verdict: RTE" in res.stderr


def test_missing_input_file_and_directory_are_bad_input(tmp_path: Path) -> None:
    missing = run_cli("run", ADD, "-i", tmp_path / "nope.in")
    assert missing.code == 2 and "no such input file" in missing.stderr
    folder = run_cli("run", ADD, "-i", tmp_path)
    assert folder.code == 2 and "a directory, not an input file" in folder.stderr
    assert "Traceback" not in missing.stderr + folder.stderr
