"""The fork-server batch runner gives the verdicts and outputs of running each program alone."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from sandbox import runner
from sandbox.languages import Program, Python3
from sandbox.limits import MIB, Limits
from sandbox.verdict import RunResult
from solver import warm
from solver.warm import QuickRun, run_batch

LIMITS = Limits(time_s=1.0, memory_mib=256, output_bytes=1 * MIB)
HOSTILE = Path(__file__).resolve().parent / "hostile"

# name -> (program, inputs). Each runs alone in the sandbox and in one batch; both must agree.
PROGRAMS: dict[str, tuple[str, list[str]]] = {
    "input": ("a, b = map(int, input().split())\nprint(a + b)\n", ["1 2\n", "-5 3\n", "\n"]),
    "stdin-read": (
        "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n",
        ["1 2 3\n", "", "7"],
    ),
    "stdin-buffer": (
        "import sys\ndata = sys.stdin.buffer.read()\nsys.stdout.buffer.write(data[::-1])\n",
        ["abc\n", "\xe9t\xe9\r\n"],
    ),
    "crlf-kept": (
        "import sys\nprint(repr(sys.stdin.read()), repr(input) is not None)\n",
        ["a\r\nb\r\n"],
    ),
    "readline-loop": (
        "import sys\nn = int(sys.stdin.readline())\n"
        "print(*[int(sys.stdin.readline()) * 2 for _ in range(n)])\n",
        ["3\n1\n2\n3\n", "2\n5\n"],
    ),
    "open-zero": ("print(open(0).read().upper(), end='')\n", ["hi\nthere\n"]),
    "exit-0": ("import sys\nprint('before')\nsys.exit(0)\nprint('after')\n", ["\n"]),
    "exit-3": ("print('partial')\nexit(3)\n", ["\n"]),
    "exit-message": ("import sys\nsys.exit('bad input')\n", ["\n"]),
    "raise": ("x = int(input())\nprint('got', x)\nprint(1 // x)\n", ["0\n", "4\n"]),
    "syntax-error": ("print('a'\n", ["\n"]),
    "deep-recursion": (
        textwrap.dedent("""
        import sys
        sys.setrecursionlimit(10 ** 6)
        def depth(n):
            return 0 if n == 0 else 1 + depth(n - 1)
        print(depth(int(input())))
        """),
        ["100000\n", "10\n"],
    ),
    "recursion-limit": ("def f(n):\n    return f(n + 1)\nprint(f(0))\n", ["\n"]),
    "memory-hog": ("x = [0] * (10 ** 9)\nprint(len(x))\n", ["\n"]),
    "memory-grow": (
        "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 2 ** 20))\n",
        ["\n"],
    ),
    "busy-loop": ("while True:\n    pass\n", ["\n"]),
    "sleep": ("import time\ntime.sleep(30)\n", ["\n"]),
    "print-a-lot": ("while True:\n    print('x' * 1000)\n", ["\n"]),
    "no-newline": ("print(int(input()) * 2, end='')\n", ["21\n"]),
    "stderr-ok": ("import sys\nprint('warn', file=sys.stderr)\nprint('out')\n", ["\n"]),
    "os-exit-unflushed": ("import os\nprint('lost')\nos._exit(0)\n", ["\n"]),
    "atexit": ("import atexit\natexit.register(lambda: print('bye'))\nprint('hi')\n", ["\n"]),
    # The contest idiom for deep recursion: a big thread stack.
    "threads": (
        textwrap.dedent("""
        import sys, threading
        sys.setrecursionlimit(10 ** 6)
        threading.stack_size(2 ** 26)
        def main():
            def f(n):
                return 0 if n == 0 else 1 + f(n - 1)
            print(f(int(input())))
        threading.Thread(target=main).start()
        """),
        ["50000\n"],
    ),
    "thread-default-stack": (
        "import threading\nt = threading.Thread(target=print, args=(1,))\nt.start()\nt.join()\n",
        ["\n"],
    ),
    "thread-raises": (
        "import threading\nthreading.Thread(target=lambda: 1 / 0).start()\nprint('main ok')\n",
        ["\n"],
    ),
    "main-guard": (
        "def main():\n    print(__name__, __file__.endswith('.py'))\n"
        "if __name__ == '__main__':\n    main()\n",
        ["\n"],
    ),
    "scratch-file": (
        "import os\nseen = os.path.exists('/tmp/mark') or os.path.exists('mark')\n"
        "open('mark', 'w').write('x')\nos.makedirs('d/e', exist_ok=True)\n"
        "print('seen' if seen else 'fresh', os.getcwd() == os.environ['TMPDIR'])\n",
        ["\n", "\n"],
    ),
    "binary-out": ("import sys\nsys.stdout.buffer.write(bytes([0xff, 0x41, 10]))\n", ["\n"]),
    "fake-results": (
        'print(\'{"done": "all"}\')\nprint(\'{"i": 1, "exit_code": 0}\')\n',
        ["\n", "\n"],
    ),
}
# Verdicts whose stdout depends on when the program was stopped: only the verdict must agree.
CUT_SHORT = {"TLE", "OLE"}


def _alone(code: str, text: str, tmp: Path) -> RunResult:
    # Built by hand, not compiled: a program that does not parse must run too (and fail).
    box = tmp / "box"
    box.mkdir(exist_ok=True)
    box.chmod(0o755)
    (box / "alone.py").write_text(code)
    (box / "alone.py").chmod(0o644)
    stdin = tmp / "alone.in"
    stdin.write_text(text)
    return Program(Python3(), box, Python3().run_template("alone.py")).run(LIMITS, stdin=stdin)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_as_running_alone(name: str, tmp_path: Path) -> None:
    code, inputs = PROGRAMS[name]
    batch = run_batch(code, inputs, LIMITS, deadline_s=60)
    assert len(batch) == len(inputs)
    for text, quick in zip(inputs, batch, strict=True):
        alone = _alone(code, text, tmp_path)
        assert quick.verdict == alone.verdict.value, (text, quick, alone)
        if quick.verdict not in CUT_SHORT:
            assert quick.stdout == alone.stdout.decode(errors="replace"), (text, quick)


def test_verdicts_and_messages() -> None:
    names = ["raise", "memory-hog", "exit-3", "fake-results", "no-newline"]
    results = {n: run_batch(PROGRAMS[n][0], PROGRAMS[n][1], LIMITS, deadline_s=60) for n in names}
    zero, four = results["raise"]
    assert zero.verdict == "RTE" and "ZeroDivisionError" in zero.message
    assert zero.stdout == "got 0\n"
    assert four == QuickRun("OK", "got 4\n0\n", four.cpu_time_s, "")
    assert results["memory-hog"][0].verdict == "MLE"
    assert results["exit-3"][0].verdict == "RTE" and results["exit-3"][0].stdout == "partial\n"
    # A program printing what the driver's results look like is only printing.
    assert [r.stdout for r in results["fake-results"]] == [
        '{"done": "all"}\n{"i": 1, "exit_code": 0}\n'
    ] * 2
    assert results["no-newline"][0].stdout == "42"


def test_time_limit_and_cpu_time() -> None:
    spin = (
        "import time\nend = time.process_time() + float(input())\n"
        "while time.process_time() < end:\n    pass\nprint('done')\n"
    )
    short, long_ = run_batch(spin, ["0.3\n", "5\n"], LIMITS, deadline_s=60)
    assert short.verdict == "OK" and short.stdout == "done\n"
    assert 0.25 <= short.cpu_time_s < 1.0
    assert long_.verdict == "TLE" and long_.cpu_time_s > LIMITS.time_s


def test_children_do_not_share_state() -> None:
    # Module state, recursion limits and random state set by one run are not seen by the next.
    code = textwrap.dedent("""
        import sys, random, math
        print(sys.getrecursionlimit(), hasattr(math, 'leak'))
        sys.setrecursionlimit(12345)
        math.leak = True
        print(random.random())
        """)
    first, second = run_batch(code, ["\n", "\n"], LIMITS, deadline_s=60)
    assert first.stdout.splitlines()[0] == second.stdout.splitlines()[0] == "1000 False"
    assert first.stdout != second.stdout  # each child reseeds random, as a fresh run would


def test_deadline_returns_a_prefix() -> None:
    # 120 s of CPU time in all cannot fit in 10 s of wall time; one run of 0.3 s must. The
    # batch ends long before its runs could (the bound leaves room for a loaded machine).
    spin = (
        "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end:\n"
        "    pass\nprint(input())\n"
    )
    inputs = [f"{i}\n" for i in range(400)]
    start = time.monotonic()
    results = run_batch(spin, inputs, LIMITS, deadline_s=10.0)
    assert time.monotonic() - start < 60.0  # the deadline holds, start-up included
    assert 0 < len(results) < len(inputs)
    assert [r.stdout for r in results] == inputs[: len(results)]
    assert all(r.verdict == "OK" for r in results)


def test_time_limit_longer_than_the_deadline() -> None:
    # A brute force's limit (5x a 6 s time limit) is longer than the batch it runs in: its
    # runs are still made (they were all RTE, exit 125, when the child could not set it).
    results = run_batch(
        "print(sum(map(int, input().split())))\n",
        ["1 2\n", "3 4\n"],
        LIMITS.with_(time_s=30.0),
        deadline_s=5.0,
    )
    assert [(r.verdict, r.stdout) for r in results] == [("OK", "3\n"), ("OK", "7\n")]


def test_no_inputs() -> None:
    assert run_batch("print(1)\n", [], LIMITS, deadline_s=5) == []


def test_driver_failure_is_a_judge_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A driver that reports one result and then crashes: the rest are JE, not the program's.
    broken = tmp_path / "forkserve.py"
    broken.write_text(
        textwrap.dedent("""
        import json, sys
        print(json.dumps({"i": 0, "exit_code": 0, "signal": None, "cpu_s": 0.01,
                          "memory_mib": 9.0, "wall_s": 0.01, "stdout": "Mwo=", "stderr": "",
                          "wall_exceeded": False, "output_exceeded": False}), flush=True)
        raise SystemExit(7)
        """)
    )
    monkeypatch.setattr(warm, "DRIVER", broken)
    results = run_batch("print(3)\n", ["\n", "\n", "\n"], LIMITS, deadline_s=30)
    assert results[0] == QuickRun("OK", "3\n", 0.01, "")
    assert [r.verdict for r in results[1:]] == ["JE", "JE"]
    assert "stress driver failed" in results[1].message


def test_sandbox_that_cannot_start_is_a_judge_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> RunResult:
        return RunResult.judge_error("cannot start the sandbox: no bwrap")

    monkeypatch.setattr(runner, "run", refuse)
    results = run_batch("print(1)\n", ["\n", "\n"], LIMITS, deadline_s=10)
    assert [r.verdict for r in results] == ["JE", "JE"]
    assert "cannot start the sandbox: no bwrap" in results[0].message


def test_results_past_the_batch_output_budget_go_on_in_another_batch() -> None:
    # Each run prints close to its 1 MiB limit; 100 of them are more than one batch returns
    # (64 MiB of results): the first batch stops early and a second one runs the rest. (It
    # returned the shorter list, and the stress stage dropped the rest without a word.)
    code = "import sys\nsys.stdout.write(input() * (900 * 1024))\n"
    results = run_batch(code, ["x\n"] * 100, LIMITS, deadline_s=120)
    assert len(results) == 100
    assert all(r.verdict == "OK" and len(r.stdout) == 900 * 1024 for r in results)


def test_program_cannot_forge_results() -> None:
    # The results descriptor is closed in the child, and the driver is not dumpable, so its
    # /proc entries are closed to the program even though both run as the same user.
    code = textwrap.dedent("""
        import os
        forged = b'{"done": "all"}\\n'
        wrote = []
        for fd in range(3, 64):
            try:
                os.write(fd, forged)
                wrote.append(fd)
            except OSError:
                pass
        try:
            for name in os.listdir(f"/proc/{os.getppid()}/fd"):
                try:
                    with open(f"/proc/{os.getppid()}/fd/{name}", "wb") as f:
                        f.write(forged)
                    wrote.append(name)
                except OSError:
                    pass
        except OSError:
            pass
        print(wrote)
        """)
    results = run_batch(code, ["\n", "\n"], LIMITS, deadline_s=30)
    assert [(r.verdict, r.stdout) for r in results] == [("OK", "[]\n")] * 2


@pytest.mark.parametrize("spawn", [False, True])
def test_program_cannot_end_the_batch(spawn: bool) -> None:
    # The driver runs as the same user as its children: without the child filter the program
    # could kill or starve it, and every input would come back as a judge error.
    code = textwrap.dedent("""
        import os, resource, signal
        parent = os.getppid()
        done = []
        for name, act in [
                ("kill-parent", lambda: os.kill(parent, signal.SIGKILL)),
                ("kill-all", lambda: os.kill(-1, signal.SIGKILL)),
                ("kill-group", lambda: os.killpg(os.getpgid(parent), signal.SIGKILL)),
                ("limit-parent", lambda: resource.prlimit(parent, resource.RLIMIT_CPU, (0, 0))),
                ("pidfd", lambda: os.pidfd_open(parent))]:
            try:
                act()
                done.append(name)
            except OSError:
                pass
        os.kill(os.getpid(), 0)  # signalling itself is still allowed
        print(done)
        """)
    results = run_batch(code, ["\n"] * 3, LIMITS.with_(spawn=spawn), deadline_s=30)
    assert [(r.verdict, r.stdout) for r in results] == [("OK", "[]\n")] * 3


def test_processes_only_with_spawn() -> None:
    # As a run without Limits.spawn: no new processes, threads still fine (with a stack that
    # fits the memory limit).
    code = textwrap.dedent("""
        import os, subprocess, threading
        threading.stack_size(2 ** 24)
        t = threading.Thread(target=print, args=("thread",))
        t.start()
        t.join()
        try:
            print(subprocess.run(["echo", "spawned"], capture_output=True, text=True).stdout)
        except OSError as exc:
            print("refused", type(exc).__name__)
        try:
            if os.fork() == 0:
                os._exit(0)
            print("forked")
        except OSError:
            print("fork refused")
        """)
    denied = run_batch(code, ["\n"], LIMITS, deadline_s=30)[0]
    assert (denied.verdict, denied.stdout) == (
        "OK",
        "thread\nrefused PermissionError\nfork refused\n",
    )
    allowed = run_batch(code, ["\n"], LIMITS.with_(spawn=True), deadline_s=30)[0]
    assert (allowed.verdict, allowed.stdout) == ("OK", "thread\nspawned\n\nforked\n")


def test_batch_limits_allow_spawning_and_cover_the_deadline() -> None:
    batch = warm.batch_limits(LIMITS, 20.0, 64 * MIB)
    assert batch.spawn
    assert batch.time_s >= 20.0 and batch.wall_limit_s >= 20.0
    assert batch.memory_mib > LIMITS.memory_mib
    assert batch.output_bytes > 64 * MIB


# --- issue 17: a warm run is as isolated as a cold one ------------------------------------------

_ONE_RESULT = (
    'print(json.dumps({"i": 0, "exit_code": 0, "signal": None, "cpu_s": 0.01, '
    '"memory_mib": 9.0, "wall_s": 0.01, "stdout": "Mwo=", "stderr": "", '
    '"wall_exceeded": False, "output_exceeded": False}), flush=True)\n'
)


@pytest.mark.parametrize(
    "ending",
    [
        "os.kill(os.getpid(), signal.SIGPROF)\n",  # read as TLE: "stopped at the deadline"
        "raise SystemExit(0)\n",  # a clean exit, but no completion marker
        'print(json.dumps({"done": "all"}), flush=True)\n',  # "all" after 1 of 3
    ],
    ids=["killed-by-sigprof", "no-marker", "all-too-early"],
)
def test_a_batch_cut_short_before_its_deadline_is_a_judge_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ending: str
) -> None:
    # The driver reports one result and ends long before the deadline: the other two inputs
    # are JE, never dropped (a shorter list read as "stopped at the deadline").
    broken = tmp_path / "forkserve.py"
    broken.write_text("import json, os, signal\n" + _ONE_RESULT + ending)
    monkeypatch.setattr(warm, "DRIVER", broken)
    results = run_batch("print(3)\n", ["\n", "\n", "\n"], LIMITS, deadline_s=30)
    assert len(results) == 3
    assert results[0] == QuickRun("OK", "3\n", 0.01, "")
    assert [r.verdict for r in results[1:]] == ["JE", "JE"]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["PROF", "STOP"])
def test_a_child_cannot_silence_its_server(how: str) -> None:
    # The attack of issue 17: join the server's process group, signal the group. SIGPROF
    # killed the server (read as TLE: the results so far, the failing input never compared),
    # SIGSTOP hung it until the batch's wall limit.
    code = (HOSTILE / "warm_silence_server.py").read_text()
    results = run_batch(code, ["1\n", f"attack {how}\n", "3\n"], LIMITS, deadline_s=15)
    assert len(results) == 3, results
    first, attack, last = results
    assert (first.verdict, first.stdout) == ("OK", "2\n")
    # Its signal reaches its own group only, itself: the failing input fails (TLE by its own
    # SIGPROF, or stopped until its wall limit) and is compared like any other.
    assert attack.verdict == "TLE", attack
    assert "joined group 1" not in attack.stdout
    assert (last.verdict, last.stdout) == ("OK", "6\n")


@pytest.mark.slow
@pytest.mark.parametrize("spawn", [False, True], ids=["no-spawn", "spawn"])
def test_no_route_reaches_the_server(spawn: bool) -> None:
    code = (HOSTILE / "warm_signals.py").read_text()
    results = run_batch(code, ["\n", "\n"], LIMITS.with_(spawn=spawn), deadline_s=30)
    assert [r.verdict for r in results] == ["OK", "OK"], results
    lines = results[0].stdout.splitlines()
    assert lines[-1] == "done" and len(lines) == 12, lines
    reached = [line for line in lines[:-1] if "refused" not in line]
    assert not reached, reached
    assert results[1].stdout == results[0].stdout


@pytest.mark.slow
def test_a_run_leaves_nothing_for_the_next() -> None:
    # A killer grandchild that left the run's process group, a 40 MiB folder made
    # unreadable, an environment variable, a patched module: none of it reaches the next run.
    code = (HOSTILE / "warm_leftovers.py").read_text()
    plant, look = run_batch(code, ["plant\n", "look\n"], LIMITS.with_(spawn=True), deadline_s=30)
    assert (plant.verdict, plant.stdout) == ("OK", "planted\n"), plant
    assert look.verdict == "OK", look
    assert look.stdout == "scratch: []\nenv: clean\njson: [1]\nroom: yes\n"


@pytest.mark.slow
def test_ipc_is_refused_in_warm_children() -> None:
    # The children inherit the batch sandbox's filter (its "spawn" policy): no SysV IPC and
    # no POSIX message queues there either (memory outside every limit, issue 17).
    code = (HOSTILE / "sysv_ipc.py").read_text()
    (result,) = run_batch(code, ["\n"], LIMITS, deadline_s=30)
    assert result.verdict == "OK", result
    assert {line.split(": ")[1] for line in result.stdout.splitlines()} == {"EPERM"}, result
