"""The judge against hostile files: what sandboxed programs write and what packages plant.

Each attack runs the real CLI (or the library) in a child process with a timeout and a memory
cap, because what a broken judge does here is hang (a FIFO, a backtracking pattern) or eat all
memory (/dev/zero): the test detects that instead of suffering it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import psutil
import pytest

from sandbox import safe_io
from tests.conftest import ROOT, CliResult, write_files

HOSTILE = Path(__file__).resolve().parent / "hostile"
JUDGE_MEMORY_CAP = 3 << 30
"""Address space the judge process under test may use: far beyond its needs, well below
what reading /dev/zero without bound would take."""
HANG_S = 240
"""A judge still busy after this long on a one-test problem is hung (the runs take ~1 s)."""

needs_sandbox = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("bwrap") is None,
                                   reason="needs root and bubblewrap (the sandbox as deployed)")


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (JUDGE_MEMORY_CAP, resource.RLIM_INFINITY))


def run_judge_cli(*args: str | Path, env: dict[str, str] | None = None,
                  timeout: float = HANG_S, stdin: str | None = None) -> CliResult:
    """`python -m solver ARGS` with a memory cap; a hang fails the test instead of blocking it."""
    try:
        proc = subprocess.run([sys.executable, "-m", "solver", *map(str, args)],
                              capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **(env or {})}, cwd=ROOT,
                              preexec_fn=_cap_memory, input=stdin)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the judge hung: still running after {timeout} s")
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def _secret(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A config file holding an API key, where the CLI would look for it."""
    config = tmp_path / "xdg-config"
    path = config / "solver" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("api_key: sk-SECRET-0123456789\nbase_url: http://127.0.0.1:9/v1\n")
    path.chmod(0o600)
    return path, {"XDG_CONFIG_HOME": str(config)}


def _attack_package(make_package, *validator_args: str) -> Path:
    flags = " ".join(validator_args)
    return make_package({
        "problem.yaml": f"name: Sum\nvalidation: custom\nvalidator_flags: {flags}\n"
                        "limits:\n  time_limit: 2\n",
        "output_validators/v/validate.py": (HOSTILE / "files_feedback_attack.py").read_text(),
    })


# ---- hole 7: the feedback directory --------------------------------------------------------


@needs_sandbox
def test_feedback_symlink_does_not_leak_the_api_key(make_package, tmp_path: Path) -> None:
    secret, env = _secret(tmp_path)
    pkg = _attack_package(make_package, "link", str(secret))
    res = run_judge_cli("judge", pkg, pkg / "submissions/accepted/sum.py", "--json", env=env)
    assert "sk-SECRET" not in res.stdout + res.stderr
    assert res.code == 1, res.stderr
    test = res.json()["tests"][0]
    assert test["verdict"] == "WA"  # the validator's exit code decides; its message is refused
    assert "judgemessage.txt ignored" in test["message"]


@needs_sandbox
@pytest.mark.parametrize("mode", ["fifo", "zero"])
def test_feedback_fifo_or_device_neither_hangs_nor_exhausts_the_judge(make_package,
                                                                      mode: str) -> None:
    pkg = _attack_package(make_package, mode)
    res = run_judge_cli("judge", pkg, pkg / "submissions/accepted/sum.py", "--json")
    assert res.code == 1, res.stderr
    test = res.json()["tests"][0]
    assert test["verdict"] == "WA"
    assert "judgemessage.txt ignored" in test["message"]


# ---- hole 7: the tracer's output file ------------------------------------------------------


@needs_sandbox
@pytest.mark.parametrize("attack", ["fifo", "zero", "junk", "link"])
def test_trace_file_replaced_by_the_program(tmp_path: Path, attack: str) -> None:
    # A JSON secret: if the tracer's file were followed, its content would be shown as frames.
    leak = tmp_path / "leak.jsonl"
    leak.write_text('{"kind": "line", "line": 1, "source": "sk-SECRET-0123456789", '
                    '"locals": {}, "value": null}\n')
    stdin = tmp_path / "attack.txt"
    stdin.write_text(f"link {leak}\n" if attack == "link" else f"{attack}\n")
    res = run_judge_cli("trace", HOSTILE / "files_trace_attack.py", "-i", stdin, "--json")
    assert res.code == 0, res.stderr  # the program itself ran fine
    data = res.json()
    assert "sk-SECRET" not in res.stdout
    assert data["frames"] == [] or all(f["source"] != "sk-SECRET-0123456789"
                                       for f in data["frames"])
    assert data["cut"], "a replaced trace file must be reported, not read as an empty trace"


# ---- package files that are symlinks ---------------------------------------------------------


@pytest.mark.parametrize("planted", [
    "data/secret/1.ans",
    "problem_statement/problem.en.md",
    "output_validators/v/secret.h",
    "submissions/accepted/notes.py",
])
def test_package_symlink_out_of_the_package_is_refused(make_package, tmp_path: Path,
                                                       planted: str) -> None:
    secret, env = _secret(tmp_path)
    files = {"problem.yaml": "name: Sum\nlimits:\n  time_limit: 2\n"}
    if planted.startswith("output_validators"):
        files = {"problem.yaml": "name: Sum\nvalidation: custom\nlimits:\n  time_limit: 2\n",
                 "output_validators/v/validate.py": "import sys\nsys.exit(42)\n"}
    pkg = make_package(files)
    target = pkg / planted
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(secret)
    res = run_judge_cli("judge", pkg, pkg / "submissions/accepted/sum.py", "--json", env=env)
    assert "sk-SECRET" not in res.stdout + res.stderr
    assert res.code == 2, res.stdout + res.stderr
    assert "symlink leading out of the package" in res.stderr


@pytest.mark.parametrize("planted", ["problem.yaml", "data/secret/testdata.yaml"])
def test_package_fifo_is_refused(make_package, planted: str) -> None:
    pkg = make_package()
    (pkg / planted).unlink(missing_ok=True)
    os.mkfifo(pkg / planted)  # the old loader blocked forever opening it
    res = run_judge_cli("judge", pkg, pkg / "submissions/accepted/sum.py", "--json")
    assert res.code == 2
    assert "not a regular file" in res.stderr


@needs_sandbox
def test_package_symlink_inside_the_package_is_followed(make_package) -> None:
    pkg = make_package()
    (pkg / "data/secret/3.in").symlink_to("../sample/1.in")
    (pkg / "data/secret/3.ans").symlink_to(pkg / "data/sample/1.ans")
    res = run_judge_cli("judge", pkg, pkg / "submissions/accepted/sum.py", "--json")
    assert res.code == 0, res.stderr
    assert [t["name"] for t in res.json()["tests"]][-1] == "secret/3"


# ---- safe_io itself --------------------------------------------------------------------------


def test_safe_io_refuses_links_fifos_devices_and_bounds_reads(tmp_path: Path,
                                                              monkeypatch) -> None:
    (tmp_path / "plain").write_bytes(b"hello world")
    (tmp_path / "link").symlink_to(tmp_path / "plain")
    (tmp_path / "dirlink").symlink_to(tmp_path)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f").write_bytes(b"x")
    for walk in (True, False):  # openat2, then the per-component fallback
        if not walk:
            monkeypatch.setattr(safe_io, "openat2_available", lambda: False)
        assert safe_io.read_head("plain", 5, base=tmp_path) == b"hello"
        assert safe_io.read_bytes("sub/f", 5, base=tmp_path) == b"x"
        for bad in ("link", "fifo", "dirlink/plain", "../x", "sub"):
            with pytest.raises(OSError):
                safe_io.read_bytes(bad, 100, base=tmp_path)
    with pytest.raises(safe_io.UnsafeFile):
        safe_io.read_bytes(tmp_path / "link", 100)
    with pytest.raises(safe_io.UnsafeFile):
        safe_io.read_bytes("/dev/zero", 100, follow=True)
    with pytest.raises(safe_io.FileTooLarge):
        safe_io.read_bytes(tmp_path / "plain", 5)
    assert safe_io.read_bytes(tmp_path / "link", 100, follow=True) == b"hello world"


# ---- hole 4: the float checker on hostile tokens -------------------------------------------

HOSTILE_TOKENS = {
    "digits then junk": "b'1' * 4_000_000 + b'x'",
    "digits": "b'7' * 4_000_000",
    "exponent digits then junk": "b'1e' + b'1' * 4_000_000 + b'x'",
    "sign-dot runs": "b'-.' * 2_000_000",
    "two halves then junk": "b'1' * 2_000_000 + b'.' + b'1' * 2_000_000 + b'e'",
    "many short numbers": "b'1.5e3 ' * 700_000",
    "dangling exponents": "b'1e-' * 1_300_000",
}


@pytest.mark.parametrize("expr", list(HOSTILE_TOKENS.values()), ids=list(HOSTILE_TOKENS))
def test_float_checker_is_linear_on_hostile_output(expr: str) -> None:
    """Multi-megabyte tokens against a numeric answer, with float tolerance: the old pattern
    backtracked quadratically (4 MB of digits: days). Run in a child so a hang is detected."""
    code = textwrap.dedent(f"""
        from sandbox.checkers import OutputFlags, compare_default
        flags = OutputFlags.parse(["float_tolerance", "1e-6"])
        hostile = {expr}
        for out, ans in ((hostile, b"1.0"), (b"1.0", hostile), (hostile, hostile + b" 2")):
            print(compare_default(out, ans, flags).verdict.value)
    """)
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=HANG_S, cwd=ROOT, preexec_fn=_cap_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the float checker hung on {expr}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["WA", "WA", "WA"]


# ---- the CLI's last-resort handler and SIGTERM ---------------------------------------------

LAST_RESORT = """
import sys
sys.modules["click"] = None  # importing click must not be needed
import solver.cli as cli
class Forged(Exception):
    def __str__(self):
        {body}
def boom(*args, **kwargs):
    raise {exc}
cli.app = boom
if {broken_console}:
    cli.err.print = boom
cli.main()
"""


@pytest.mark.parametrize(("exc", "body", "broken_console"), [
    ("OverflowError('Python int too large to convert to C int')", "return ''", False),
    ("Forged()", "raise RuntimeError('no message either')", False),
    ("Forged()", "return 'multi\\\\nline [/] [bold]markup'", True),
    ("MemoryError()", "return ''", True),
])
def test_last_resort_handler_prints_one_line(exc: str, body: str, broken_console: bool) -> None:
    code = LAST_RESORT.format(exc=exc, body=body, broken_console=broken_console)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: internal error: ")
    assert "Traceback" not in proc.stderr


def test_usage_error_is_a_message_not_a_traceback() -> None:
    res = run_judge_cli("judge", "--no-such-option")
    assert res.code == 2
    assert "No such option" in res.stderr and "Traceback" not in res.stderr


def _sigterm_when(args: list[str], ready, env: dict[str, str] | None = None,
                  wait_s: float = 300) -> tuple[int, str, str]:
    proc = subprocess.Popen([sys.executable, "-m", "solver", *args], cwd=ROOT,
                            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and not ready() and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the command ended before it could be interrupted"
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, stdout, stderr


@needs_sandbox
def test_sigterm_judge_exits_like_ctrl_c(make_package, tmp_path: Path) -> None:
    pkg = make_package()
    slow = pkg / f"slow_{uuid.uuid4().hex}.py"
    slow.write_text("import time, sys\ntime.sleep(3)\n"
                    "print(sum(map(int, sys.stdin.read().split())))\n")

    def ready() -> bool:  # a test is running: the program was built and started
        return any(f"/box/{slow.name}" in " ".join(p.info["cmdline"] or ())
                   for p in psutil.process_iter(["cmdline"]))

    code, _, stderr = _sigterm_when(["judge", str(pkg), str(slow), "-t", "10"], ready)
    assert code == 130, stderr  # as for Ctrl-C (typer turns KeyboardInterrupt into exit 130)
    assert "Traceback" not in stderr


def test_sigterm_batch_keeps_finished_results(tmp_path: Path) -> None:
    from tests.scripted_model import ScriptedModel, solving_script
    from tests.test_batch import SHIPPED, lines

    subset = SHIPPED[:3]
    results = tmp_path / "results.jsonl"
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    with ScriptedModel(solving_script(subset)) as model:
        code, _, stderr = _sigterm_when(
            ["batch", *map(str, subset), "--out", str(tmp_path), "-j", "1", "--no-cache",
             "--base-url", model.base_url, "--model", "scripted-model"],
            lambda: results.exists() and bool(results.read_text()), env=env)
    assert code == 130, stderr
    assert "interrupted:" in stderr and "--resume" in stderr
    assert "Traceback" not in stderr
    assert 1 <= len(lines(results)) < len(subset)


def test_sigterm_solve_keeps_the_draft(tmp_path: Path) -> None:
    from tests.scripted_model import Hang, ScriptedModel
    from tests.test_solve import RIGHT, STATEMENT, script

    statement = write_files(tmp_path, {"sum.md": STATEMENT}) / "sum.md"
    with ScriptedModel(script(tests=[Hang(60)])) as model:
        code, _, stderr = _sigterm_when(
            ["solve", str(statement), "--base-url", model.base_url, "--model",
             "scripted-model", "--timeout", "120", "-o", str(tmp_path / "s.py"),
             "--report", str(tmp_path / "r.json")],
            lambda: bool(model.stage_requests("tests")), wait_s=60)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert (tmp_path / "s.py").read_text().strip() == RIGHT.strip()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["stop_reason"] == "interrupted"
