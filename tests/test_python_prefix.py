"""Sandboxed Python programs start from a clean prefix: the host interpreter's site folders are
on their path, but the host's `.pth` start-up hooks do not run in them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from sandbox import isolation
from sandbox.languages import compile_source
from sandbox.limits import Limits

REPORT = """
import json, sys
print(json.dumps({"prefix": sys.prefix, "base_prefix": sys.base_prefix,
                  "path": sys.path, "modules": sorted(sys.modules)}))
exit(3)  # site's exit(), which CP solutions use
"""


BASE = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)


def _base_site() -> Path:
    return Path(
        sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_exec_prefix})[
            "purelib"
        ]
    )


def _hook_modules(site: Path) -> set[str]:
    """Modules the base's .pth hooks import that a bare interpreter does not load."""
    base = BASE
    probe = "import json, sys; print(json.dumps(sorted(sys.modules)))"
    with_site = set(
        json.loads(
            subprocess.run([base, "-c", probe], capture_output=True, text=True, check=True).stdout
        )
    )
    # -S skips site entirely; adding the site folder by hand without .pth processing is what
    # the clean prefix does: what `site` loads beyond that comes from the hooks.
    without = set(
        json.loads(
            subprocess.run(
                [base, "-S", "-c", f"import sys, site; sys.path.append({str(site)!r}); {probe}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    )
    return with_site - without - {"site", "sitecustomize", "usercustomize"}


def test_a_sandboxed_python_program_sees_the_host_packages_but_not_its_hooks(
    tmp_path: Path,
) -> None:
    if os.environ.get("SOLVER_PYTHON") or Path(
        os.path.realpath(isolation.cache_dir())
    ).is_relative_to("/tmp"):
        pytest.skip("no clean prefix here (the cache is under /tmp, or SOLVER_PYTHON is set)")
    source = tmp_path / "report.py"
    source.write_text(REPORT)
    built = compile_source(source)
    assert built.program is not None, built.message
    run = built.program.run(Limits(time_s=10, memory_mib=512))
    assert run.exit_code == 3, run.stderr  # exit() is there
    seen = json.loads(run.stdout)
    assert seen["prefix"] != seen["base_prefix"]
    site = _base_site()
    assert str(site) in seen["path"]  # what is installed on the host stays importable
    hooks = {m for m in _hook_modules(site) if not m.startswith("_frozen")}
    assert not hooks & set(seen["modules"]), hooks & set(seen["modules"])
