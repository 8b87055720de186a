"""What a program learns from the sandbox's mount table, and what it can run (issue 17).

A program reads /proc/self/mountinfo and /proc/self/mounts: no path of the judge's own (its
cache folder, its scratch folders, the repository, the virtual environment, the home folder)
may show there, but for the one documented exception, the base interpreter's folder when it
lives outside /usr (docs/sandbox.md, "What programs see"). And nothing a program writes in a
writable folder runs, with the judge root or not, and the program holds no capability.

Same conditions and the same `judge` fixture as tests/test_hostile.py (root, bubblewrap).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sandbox import Bind, Limits, compile_source, isolation, quota, runner
from sandbox.isolation import BOX, Isolation, cache_dir, detect
from tests import test_hostile
from tests.test_hostile import LIMITS, Judge, needs_gcc

pytestmark = pytest.mark.slow
judge = test_hostile.judge
ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534


def _judge_paths(tmp_path: Path) -> list[str]:
    """Host paths of the judge's own that no mount line may name."""
    paths = {
        str(cache_dir()),
        os.path.expanduser("~"),
        str(ROOT),
        sys.prefix,
        os.path.realpath(sys.prefix),
        str(tmp_path),
        os.path.realpath(tmp_path),
    }
    return sorted(p for p in paths if p not in ("/", ""))


def _interpreter() -> str:
    """The one folder that stays bound at its host path: the base interpreter's."""
    return os.path.realpath(sys.base_prefix)


def _leaks(table: str, judge_paths: list[str]) -> list[str]:
    leaks = []
    for line in table.splitlines():
        name, _, entry = line.partition(" ")
        fields = entry.split()
        if name == "/proc/self/mountinfo":
            excused = fields[3] == fields[4] == _interpreter()
        else:
            excused = fields[1] == _interpreter()
        if excused and not _interpreter().startswith("/usr/"):
            continue
        if any(f == p or f.startswith(p + "/") for f in fields for p in judge_paths):
            leaks.append(line)
    return leaks


@pytest.mark.parametrize("name", ["mount_table.py", pytest.param("mount_table.c", marks=needs_gcc)])
def test_the_mount_table_shows_no_host_path_of_the_judge(
    judge: Judge, tmp_path: Path, name: str
) -> None:
    # A judge file and a writable folder as a validator gets them, from the test's own scratch
    # folder; the program's own folder from the build cache; the clean Python prefix, the
    # init, the passwd file from the cache folder, in the home folder.
    test_file = tmp_path / "input.in"
    test_file.write_text("1\n")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o777)
    # The writable folder as the judge makes it (sandbox/quota.py): as root a quota tmpfs of
    # its own, whose line names no host path; a plain folder, whose path shows, only without.
    with quota.bounded_dir(out, 1 << 20) as folder:
        res = judge.run(
            name,
            binds=(Bind(test_file, "/judge/input.in"), Bind(out, "/judge/out", writable=True)),
        )
    assert res.verdict.value == "OK", res.message
    table = res.stdout.decode()
    assert "/proc/self/mountinfo" in table and "/proc/self/mounts" in table
    assert " /box " in table and " /judge/input.in " in table and " /judge/out " in table
    leaks = [
        line
        for line in _leaks(table, _judge_paths(tmp_path))
        if folder.bounded or " /judge/out " not in line
    ]
    assert leaks == [], "\n".join(leaks)


@needs_gcc
def test_nothing_written_to_a_writable_folder_runs_and_no_capability_is_held(
    judge: Judge, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o777)
    res = judge.run("exec_from_tmp.c", binds=(Bind(out, "/judge/out", writable=True),))
    assert res.verdict.value == "OK", res.message
    _check_refused_without_capabilities(res.stdout.decode())


def _check_refused_without_capabilities(output: str) -> None:
    lines = output.splitlines()
    caps = {line.split(":")[0]: line.split()[1] for line in lines if line.startswith("Cap")}
    assert set(caps) >= {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"}, output
    assert set(caps.values()) == {"0000000000000000"}, caps
    assert "/tmp: refused EACCES" in lines, output
    assert "/judge/out: refused EACCES" in lines, output


def _unprivileged_bwrap_error() -> str:
    """'' when the user `nobody` can make a sandbox with a user namespace here."""
    cmd = ["bwrap", "--unshare-user", "--ro-bind", "/", "/", "true"]
    try:
        proc = subprocess.run(
            cmd, user=NOBODY, group=NOBODY, extra_groups=[], capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    return proc.stderr.decode(errors="replace").strip() if proc.returncode else ""


@pytest.mark.parametrize(
    "name", [pytest.param("exec_from_tmp.c", marks=needs_gcc), "exec_from_tmp.py"]
)
def test_without_root_the_writable_folders_are_noexec_too(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The sandbox as a judge that is not root builds it (a user namespace, no sandbox uid, no
    # cgroups), started as `nobody`. bubblewrap gives the init CAP_SYS_ADMIN and CAP_SETPCAP in
    # the user namespace; it remounts /tmp and /judge/out noexec in a mount namespace of its
    # own, then drops every capability before exec. Before: both exec'd, as no init option
    # made them noexec without root.
    why = _unprivileged_bwrap_error()
    if why:
        pytest.skip(f"`nobody` cannot make a user namespace with bubblewrap here: {why}")
    # The judge's interpreter lives under /root, which nobody may enter: as a judge that is
    # not root would, this one runs Python programs with the system's.
    monkeypatch.setenv("SOLVER_PYTHON", "/usr/bin/python3")
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    iso: Isolation = dataclasses.replace(detect(), is_root=False, cgroups=False)
    probe = subprocess.run(
        [
            iso.bwrap or "bwrap",
            "--unshare-user",
            *isolation.NOEXEC_CAPS,
            "--ro-bind",
            "/",
            "/",
            "true",
        ],
        user=NOBODY,
        group=NOBODY,
        extra_groups=[],
        capture_output=True,
        timeout=30,
    )
    assert probe.returncode == 0, probe.stderr  # what _try_noexec finds for such a judge
    iso = dataclasses.replace(iso, noexec=True)
    # Built here, not taken from `_program`'s cache: a Python program's command names the
    # interpreter it was built for (here the system's).
    built = compile_source(test_hostile.HOSTILE / name)
    assert built.program is not None, built.message
    program = built.program
    # Outside pytest's folders, which only root may enter.
    out = Path(tempfile.mkdtemp(prefix="solver-test-out-"))
    request.addfinalizer(lambda: shutil.rmtree(out, ignore_errors=True))
    out.chmod(0o777)
    limits = Limits(time_s=LIMITS.time_s, memory_mib=LIMITS.memory_mib)
    with runner.prepare(
        iso,
        program.argv(BOX, limits.memory_mib),
        limits,
        uid=None,
        binds=(Bind(program.directory, BOX), Bind(out, "/judge/out", writable=True)),
    ) as launch:
        proc = subprocess.run(
            launch.cmd,
            pass_fds=launch.inherited,
            user=NOBODY,
            group=NOBODY,
            extra_groups=[],
            capture_output=True,
            timeout=30,
        )
    assert proc.returncode == 0, proc.stderr
    if name.endswith(".py"):
        # A Python program as a judge that is not root starts it: its interpreter, its /tmp.
        assert proc.stdout.decode().splitlines() == ["mmap: refused", "exec: refused"], proc
    else:
        _check_refused_without_capabilities(proc.stdout.decode())


def test_a_file_the_sandbox_copies_in_that_vanished_is_a_judge_error(tmp_path: Path) -> None:
    # The init is copied in from the cache folder, which another process may empty: the run is
    # JE with the reason, never a traceback (bubblewrap refused to start before, also JE).
    iso = dataclasses.replace(detect(), init=str(tmp_path / "gone"))
    res = runner.run(["true"], LIMITS, iso=iso)
    assert res.verdict.value == "JE", res
    assert "cannot open what the sandbox copies in" in res.message
