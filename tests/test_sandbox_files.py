"""The judge against hostile files: what sandboxed programs write and what packages plant.

Each attack runs the real CLI (or the library) in a child process with a timeout and a memory
cap, because what a broken judge does here is hang (a FIFO, a backtracking pattern) or eat all
memory (/dev/zero): the test detects that instead of suffering it.
"""

from __future__ import annotations

import contextlib
import itertools
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

needs_sandbox = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("bwrap") is None,
    reason="needs root and bubblewrap (the sandbox as deployed)",
)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (JUDGE_MEMORY_CAP, resource.RLIM_INFINITY))


def run_judge_cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float = HANG_S,
    stdin: str | None = None,
) -> CliResult:
    """`python -m solver ARGS` with a memory cap; a hang fails the test instead of blocking it."""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "solver", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
            preexec_fn=_cap_memory,
            input=stdin,
        )
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
    return make_package(
        {
            "problem.yaml": f"name: Sum\nvalidation: custom\nvalidator_flags: {flags}\n"
            "limits:\n  time_limit: 2\n",
            "output_validators/v/validate.py": (HOSTILE / "files_feedback_attack.py").read_text(),
        }
    )


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
def test_feedback_fifo_or_device_neither_hangs_nor_exhausts_the_judge(
    make_package, mode: str
) -> None:
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
    leak.write_text(
        '{"kind": "line", "line": 1, "source": "sk-SECRET-0123456789", '
        '"locals": {}, "value": null}\n'
    )
    stdin = tmp_path / "attack.txt"
    stdin.write_text(f"link {leak}\n" if attack == "link" else f"{attack}\n")
    res = run_judge_cli("trace", HOSTILE / "files_trace_attack.py", "-i", stdin, "--json")
    assert res.code == 0, res.stderr  # the program itself ran fine
    data = res.json()
    assert "sk-SECRET" not in res.stdout
    assert data["frames"] == [] or all(
        f["source"] != "sk-SECRET-0123456789" for f in data["frames"]
    )
    assert data["cut"], "a replaced trace file must be reported, not read as an empty trace"


# ---- package files that are symlinks ---------------------------------------------------------


@pytest.mark.parametrize(
    "planted",
    [
        "data/secret/1.ans",
        "problem_statement/problem.en.md",
        "output_validators/v/secret.h",
        "submissions/accepted/notes.py",
    ],
)
def test_package_symlink_out_of_the_package_is_refused(
    make_package, tmp_path: Path, planted: str
) -> None:
    secret, env = _secret(tmp_path)
    files = {"problem.yaml": "name: Sum\nlimits:\n  time_limit: 2\n"}
    if planted.startswith("output_validators"):
        files = {
            "problem.yaml": "name: Sum\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            "output_validators/v/validate.py": "import sys\nsys.exit(42)\n",
        }
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


def test_safe_io_refuses_links_fifos_devices_and_bounds_reads(tmp_path: Path, monkeypatch) -> None:
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
        proc = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=HANG_S,
            cwd=ROOT,
            preexec_fn=_cap_memory,
        )
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


@pytest.mark.parametrize(
    ("exc", "body", "broken_console"),
    [
        ("OverflowError('Python int too large to convert to C int')", "return ''", False),
        ("Forged()", "raise RuntimeError('no message either')", False),
        ("Forged()", "return 'multi\\\\nline [/] [bold]markup'", True),
        ("MemoryError()", "return ''", True),
    ],
)
def test_last_resort_handler_prints_one_line(exc: str, body: str, broken_console: bool) -> None:
    code = LAST_RESORT.format(exc=exc, body=body, broken_console=broken_console)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: internal error: ")
    assert "Traceback" not in proc.stderr


def test_usage_error_is_a_message_not_a_traceback() -> None:
    res = run_judge_cli("judge", "--no-such-option")
    assert res.code == 2
    assert "No such option" in res.stderr and "Traceback" not in res.stderr


def _sigterm_when(
    args: list[str], ready, env: dict[str, str] | None = None, wait_s: float = 300
) -> tuple[int, str, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "solver", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
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
    slow.write_text(
        "import time, sys\ntime.sleep(3)\nprint(sum(map(int, sys.stdin.read().split())))\n"
    )

    def ready() -> bool:  # a test is running: the program was built and started
        return any(
            f"/box/{slow.name}" in " ".join(p.info["cmdline"] or ())
            for p in psutil.process_iter(["cmdline"])
        )

    code, _, stderr = _sigterm_when(["judge", str(pkg), str(slow), "-t", "10"], ready)
    assert code == 130, stderr  # as for Ctrl-C (typer turns KeyboardInterrupt into exit 130)
    assert "Traceback" not in stderr


def test_sigterm_batch_keeps_finished_results(tmp_path: Path) -> None:
    from tests.scripted_model import Hang, ScriptedModel, solving_script
    from tests.test_batch import SHIPPED, lines

    subset = SHIPPED[:3]
    results = tmp_path / "results.jsonl"
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    script = solving_script(subset)
    draft, drafts = script["draft"], itertools.count()
    # Every problem after the first hangs in its draft: however slow the machine, the batch
    # is still running when the signal comes, with one problem finished.
    script["draft"] = lambda body: draft(body) if next(drafts) == 0 else Hang(300)  # type: ignore[operator]
    with ScriptedModel(script) as model:
        code, _, stderr = _sigterm_when(
            [
                "batch",
                *map(str, subset),
                "--out",
                str(tmp_path),
                "-j",
                "1",
                "--no-cache",
                "--base-url",
                model.base_url,
                "--model",
                "scripted-model",
            ],
            lambda: results.exists() and bool(results.read_text()),
            env=env,
        )
    assert code == 130, stderr
    assert "interrupted:" in stderr and "--resume" in stderr
    assert "Traceback" not in stderr
    assert len(lines(results)) == 1


def test_sigterm_solve_keeps_the_draft(tmp_path: Path) -> None:
    from tests.scripted_model import Hang, ScriptedModel
    from tests.test_solve import RIGHT, STATEMENT, script

    statement = write_files(tmp_path, {"sum.md": STATEMENT}) / "sum.md"
    with ScriptedModel(script(tests=[Hang(60)])) as model:
        code, _, stderr = _sigterm_when(
            [
                "solve",
                str(statement),
                "--base-url",
                model.base_url,
                "--model",
                "scripted-model",
                "--timeout",
                "120",
                "-o",
                str(tmp_path / "s.py"),
                "--report",
                str(tmp_path / "r.json"),
            ],
            lambda: bool(model.stage_requests("tests")),
            wait_s=60,
        )
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert (tmp_path / "s.py").read_text().strip() == RIGHT.strip()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["stop_reason"] == "interrupted"


# ---- hole 8: quotas on writable host folders -------------------------------------------------

needs_quota = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("bwrap") is None,
    reason="the tmpfs quota needs root (and the sandbox bubblewrap)",
)

FLOOD_CHECK = """
import json, os, sys, tempfile, threading, time
from pathlib import Path
from sandbox.judge import make_checker
from sandbox.package import load_problem

pkg = load_problem(sys.argv[1])
checker = make_checker(pkg)  # built before the temporary folder moves
tempfile.tempdir = sys.argv[2]  # where the checker's feedback folder is made
peak = [0]
done = threading.Event()

def watch():
    while not done.is_set():
        st = os.statvfs(sys.argv[2])
        peak[0] = max(peak[0], (st.f_blocks - st.f_bfree) * st.f_frsize)
        time.sleep(0.005)

thread = threading.Thread(target=watch)
thread.start()
test = pkg.tests()[0]
res = checker.check(test.input, test.answer, b"3\\n", test.validator_args)
done.set()
thread.join()
print(json.dumps({"verdict": res.verdict.value, "message": res.message, "peak": peak[0]}))
"""


@contextlib.contextmanager
def _small_disk(path: Path, mib: int):
    """A small filesystem standing in for the host's disk, so the unfixed judge fills it
    rather than the real one."""
    path.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={mib}m", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@needs_quota
def test_validator_flooding_its_feedback_folder_stays_within_the_quota(
    make_package, tmp_path: Path
) -> None:
    from sandbox import checkers

    quota_bytes = getattr(checkers, "FEEDBACK_QUOTA_BYTES", 64 << 20)
    pkg = _attack_package(make_package, "flood", "1024")  # 1 GiB
    with _small_disk(tmp_path / "disk", 300) as disk:
        try:
            proc = subprocess.run(
                [sys.executable, "-c", FLOOD_CHECK, str(pkg), str(disk)],
                capture_output=True,
                text=True,
                timeout=HANG_S,
                cwd=ROOT,
                env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")},
            )
        except subprocess.TimeoutExpired:
            pytest.fail("the judge hung")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["peak"] <= quota_bytes, result
    assert result["verdict"] == "JE"  # the validator's fault, never the submission's
    assert "filled its feedback folder" in result["message"]


@needs_quota
def test_compiler_output_is_bounded(tmp_path: Path) -> None:
    """A 300 MiB initialised array makes the linker write a 300 MiB program into the build
    folder: past the quota it is CE, and nothing that large lands in the build cache."""
    from sandbox import languages
    from sandbox.languages import compile_source

    quota_mib = getattr(languages, "BUILD_OUTPUT_MIB", 256)

    source = tmp_path / "huge.c"
    source.write_text("char big[300 << 20] = {1};\nint main(void) { return big[7]; }\n")
    cache = tmp_path / "cache"
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:
        built = compile_source(source)
    finally:
        if old is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = old
    assert built.verdict.value == "CE", built
    assert "No space left on device" in built.message
    sizes = [p.stat().st_size for p in cache.rglob("*") if p.is_file()]
    assert max(sizes, default=0) < quota_mib << 20


def test_doctor_lists_the_quota_feature() -> None:
    res = run_judge_cli("doctor", "--json")
    names = {f["name"]: f for f in res.json()["features"]}
    assert "writable folder quota" in names
    feature = names["writable folder quota"]
    assert feature["on"] == (os.geteuid() == 0), feature


# ---- hole 12: Python syntax check in the sandbox; the build cache -------------------------


@needs_sandbox
def test_python_syntax_check_does_not_cost_the_judge(tmp_path: Path) -> None:
    """Parsing this 4 MB file costs ~1 GiB: the judge (capped far below) must not do it
    itself; the sandboxed check under the compile limits does."""
    source = tmp_path / "big.py"
    source.write_text("x = 1\n" * 700_000)
    bad = tmp_path / "old.py"
    bad.write_text('print "hi"\n')
    code = textwrap.dedent(f"""
        import resource
        from pathlib import Path
        from sandbox.languages import compile_source
        resource.setrlimit(resource.RLIMIT_AS, (640 << 20, resource.RLIM_INFINITY))
        for name in ("{source}", "{bad}"):
            built = compile_source(Path(name))
            print(built.verdict.value, built.message.splitlines()[:1])
    """)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=HANG_S,
        cwd=ROOT,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("OK"), proc.stdout
    assert lines[1].startswith("CE") and "old.py, line 1: SyntaxError" in lines[1]


def _compile_in(cache: Path, source: Path):
    from sandbox.languages import compile_source

    return compile_source(source, cache)


@needs_sandbox
def test_damaged_cache_entry_is_rebuilt_not_used(tmp_path: Path) -> None:
    from sandbox.limits import Limits

    source = tmp_path / "hello.c"
    source.write_text('#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n')
    cache = tmp_path / "cache"
    first = _compile_in(cache, source).program
    assert first is not None
    prog = first.directory / "prog"
    # Someone swaps the cached binary (a different program of the same size).
    prog.chmod(0o755)
    prog.write_bytes(b"#!/bin/sh\necho tampered\n")
    again = _compile_in(cache, source).program
    assert again is not None
    assert again.run(Limits()).stdout == b"hello\n"
    # An entry whose binary lost its execute bit, or vanished, is rebuilt too.
    (again.directory / "prog").chmod(0o644)
    assert _compile_in(cache, source).program.run(Limits()).stdout == b"hello\n"


@needs_sandbox
def test_program_whose_build_was_evicted_is_rebuilt_on_run(tmp_path: Path) -> None:
    from sandbox import build_cache
    from sandbox.limits import Limits

    source = tmp_path / "hello.c"
    source.write_text('#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n')
    cache = tmp_path / "cache"
    program = _compile_in(cache, source).program
    assert program is not None
    build_cache.discard(program.directory)  # another judge evicted it meanwhile
    result = program.run(Limits())
    assert result.verdict.value == "OK", result.message
    assert result.stdout == b"hello\n"


def test_build_cache_evicts_least_recently_used_but_never_a_fresh_entry(tmp_path: Path) -> None:
    from sandbox import build_cache

    now = 1_000_000.0
    for i in range(6):
        entry = tmp_path / f"entry{i}"
        entry.mkdir()
        (entry / "prog").write_bytes(b"x" * 1000)
        build_cache.seal(entry)
        os.utime(entry, (now - (6 - i) * 1000,) * 2)
    (tmp_path / "build-stale").mkdir()
    os.utime(tmp_path / "build-stale", (now - 2 * build_cache.STALE_WORK_S,) * 2)
    removed = build_cache.evict(tmp_path, max_bytes=10**9, max_entries=3, idle_s=3000, now=now)
    # Oldest first; entry5 (1000 s) and entry4 (2000 s) are too fresh to go anyway.
    assert sorted(p.name for p in removed) == ["entry0", "entry1", "entry2"]
    assert not (tmp_path / "build-stale").exists()
    removed = build_cache.evict(tmp_path, max_bytes=1, max_entries=100, idle_s=3000, now=now)
    assert [p.name for p in removed] == ["entry3"]  # the rest is in use
    assert {p.name for p in tmp_path.iterdir()} == {"entry4", "entry5"}
    assert build_cache.valid(tmp_path / "entry5")
    (tmp_path / "entry5" / "extra").write_text("planted")
    assert not build_cache.valid(tmp_path / "entry5")


@needs_sandbox
def test_without_the_quota_mount_folders_still_work(
    make_package, tmp_path: Path, monkeypatch
) -> None:
    """The non-root fallback: plain folders (bounded per file only), same results."""
    from sandbox import quota
    from sandbox.judge import make_checker
    from sandbox.languages import compile_source
    from sandbox.limits import Limits
    from sandbox.package import load_problem

    monkeypatch.setattr(quota, "mount_error", lambda: "forced off by the test")
    assert not quota.feature().on
    pkg = load_problem(_attack_package(make_package, "link", "/nonexistent"))
    checker = make_checker(pkg)
    test = pkg.tests()[0]
    res = checker.check(test.input, test.answer, b"3\n", test.validator_args)
    assert res.verdict.value == "WA" and "judgemessage.txt ignored" in res.message
    source = tmp_path / "hello.c"
    source.write_text('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
    built = compile_source(source, tmp_path / "cache")
    assert built.program is not None, built.message
    assert built.program.run(Limits()).stdout == b"hi\n"
