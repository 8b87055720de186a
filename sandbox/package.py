"""Problem packages in the Kattis / ICPC format, legacy and 2023-07 and later."""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Literal

import yaml

from sandbox import safe_io
from sandbox.checkers import OutputFlags
from sandbox.grading import KATTIS, SOLVER_FILE, check_grading
from sandbox.languages import LANGUAGES

DataSet = Literal["sample", "secret", "all"]
STATEMENT_SUFFIXES = (".md", ".tex")
FORMAT_VERSIONS: dict[str, str] = {
    "legacy": "legacy",
    "legacy-icpc": "legacy",  # the ICPC subset of legacy: same layout and keys
    "2023-07-draft": "2023-07",  # problemtools' own name for the 2023-07 format
    "2023-07": "2023-07",
    "2025-09-draft": "2023-07",
    "2025-09": "2023-07",  # 2023-07-draft finalised: same layout, test_group.yaml beside it
}
"""Every `problem_format_version` the spec and problemtools use, and the layout it implies."""
# Input validators written in a verification language rather than a programming language.
# Checktestdata ones run (pyctd); VIVA ones are found and reported, never silently ignored, but
# not run: VIVA's runtime (a Java program) is not shipped.
CHECKTESTDATA_SUFFIXES = (".ctd",)
UNRUN_SCRIPT_SUFFIXES = (".viva",)
PYTHON_RUNTIMES = ("cpython", "pypy3")
OUTPUT_MAX_MIB = 1024
"""The largest output limit a package gets (the judge keeps a run's output in memory); a
larger `limits.output` is read as this."""
_SOURCE_SUFFIXES = tuple(ext for lang in LANGUAGES for ext in lang.extensions)
YAML_MAX_BYTES = 1 << 20


class PackageError(Exception):
    """A malformed problem package. The message names the problem and the file."""


@dataclass(frozen=True)
class TestCase:
    name: str
    """Path under data/ without the extension, e.g. `secret/large/05`."""
    input: Path
    answer: Path
    validator_args: tuple[str, ...] = ()
    input_validator_args: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """`input_validator_flags` in force: (validator name, args) pairs; name "" means every
    validator."""

    def input_args(self, validator: Path) -> tuple[str, ...]:
        """The arguments an input validator gets on this test."""
        named = dict(self.input_validator_args)
        return named.get(validator.stem, named.get(validator.name, named.get("", ())))

    @property
    def group(self) -> str:
        return self.name.split("/", 1)[0]


@dataclass(frozen=True)
class TimeSettings:
    time_limit: float | None
    """Fixed by problem.yaml (or `.timelimit`), or None when it is derived from the accepted
    submissions."""
    ac_to_time_limit: float
    time_limit_to_tle: float
    resolution: float = 1.0
    source: str = "problem.yaml"
    """Where a fixed `time_limit` comes from: `problem.yaml` or `.timelimit`."""


# What a submission folder promises: verdicts every test may get, and verdicts of which at least
# one test must get one (the 2023-07+ semantics; legacy folders mean the same).
EXPECTATIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "accepted": (frozenset({"AC"}), frozenset({"AC"})),
    "wrong_answer": (frozenset({"AC", "WA"}), frozenset({"WA"})),
    "time_limit_exceeded": (frozenset({"AC", "TLE"}), frozenset({"TLE"})),
    "run_time_error": (frozenset({"AC", "RTE"}), frozenset({"RTE"})),
    "memory_limit_exceeded": (frozenset({"AC", "MLE"}), frozenset({"MLE"})),
    "output_limit_exceeded": (frozenset({"AC", "OLE"}), frozenset({"OLE"})),
    "brute_force": (frozenset({"AC", "TLE", "RTE"}), frozenset({"TLE", "RTE"})),
    "rejected": (
        frozenset({"AC", "WA", "TLE", "RTE", "MLE", "OLE"}),
        frozenset({"WA", "TLE", "RTE", "MLE", "OLE"}),
    ),
}


@dataclass(frozen=True)
class Submission:
    path: Path
    folder: str
    permitted: frozenset[str]
    required: frozenset[str]

    @property
    def expected(self) -> str:
        return self.folder

    @property
    def accepted(self) -> bool:
        """Promised AC and nothing else: its times are what a time limit is derived from."""
        return self.required == frozenset({"AC"})


@dataclass(frozen=True)
class VerdictRule:
    """How a package turns its tests' verdicts into a submission's, as problemtools does.

    By default (`on_reject: break`) the first failing test decides and ends the judging. With
    `on_reject: continue` (legacy problem.yaml `grading: on_reject: grade`, or the root
    testdata.yaml's `on_reject: continue`) every test is judged and the default grader gives
    the worst error (JE, RTE, MLE, TLE, OLE, WA, in that order), or the first one with the
    root's `grader_flags: first_error`; with `ignore_sample` the samples do not count."""

    every_test: bool = False
    first_error: bool = False
    ignore_sample: bool = False

    @property
    def name(self) -> str:
        if not self.every_test:
            return "first failing test"
        rule = "first error" if self.first_error else "worst error"
        return f"{rule} over every test" + (", samples not counted" if self.ignore_sample else "")


@dataclass(frozen=True)
class Problem:
    root: Path
    short_name: str
    name: str
    format_version: str
    time: TimeSettings
    memory_mib: int
    output_mib: int
    validation: str
    """`default` or `custom`."""
    validator_args: tuple[str, ...]
    statement: Path | None
    output_validator: Path | None
    checker_style: Literal["kattis", "testlib"] = "kattis"
    input_validators: tuple[Path, ...] = ()
    config: dict[str, Any] = field(default_factory=dict, compare=False)
    interactive: bool = False
    """The output validator is the interactor, cross-connected with the submission."""
    unsupported_validators: tuple[Path, ...] = ()
    """Input validators the judge cannot run (viva, build/run scripts)."""
    python: str | None = None
    """The Python 3 runtime the package asks for in `.solver.yaml` (`cpython` or `pypy3`)."""
    grading: str = KATTIS
    """Whose rules grade it (`.solver.yaml` `grading`: kattis, livecodebench, codecontests;
    see sandbox/grading.py)."""
    verdicts: VerdictRule = field(default_factory=VerdictRule)
    """How the tests' verdicts make the submission's (the package's `on_reject`)."""

    @property
    def legacy(self) -> bool:
        return FORMAT_VERSIONS.get(self.format_version) == "legacy"

    def tests(self, which: DataSet = "all") -> list[TestCase]:
        groups = ("sample", "secret") if which == "all" else (which,)
        cases: list[TestCase] = []
        for group in groups:
            cases += _find_tests(self, self.root / "data" / group)
        return cases

    def submissions(self) -> list[Submission]:
        return _find_submissions(self)

    def error(self, path: Path | str, what: str) -> PackageError:
        rel = Path(path).relative_to(self.root) if Path(path).is_absolute() else path
        return PackageError(f"{self.short_name}: {rel}: {what}")


def load_problem(path: Path | str) -> Problem:
    """Read a problem package; raises PackageError with a one-line reason when it is broken."""
    root = Path(path).resolve()
    short = root.name
    if not root.exists():
        raise PackageError(f"{path}: no such problem package")
    if not root.is_dir():
        raise PackageError(f"{path}: a problem package is a directory")
    check_files(root)
    config = _read_yaml(root / "problem.yaml", short, required=False)
    if not (root / "problem.yaml").exists() and not (root / "data").is_dir():
        raise PackageError(
            f"{short}: problem.yaml: missing (and no data/ folder either); "
            "is this a problem package?"
        )
    if not isinstance(config, dict):
        raise PackageError(
            f"{short}: problem.yaml: expected a mapping of keys, got {type(config).__name__}"
        )
    version = _format_version(config, short)
    legacy = FORMAT_VERSIONS[version] == "legacy"
    limits = config.get("limits") or {}
    if not isinstance(limits, dict):
        raise PackageError(f"{short}: problem.yaml: `limits` must be a mapping")
    time = _time_settings(limits, legacy, short)
    if time.time_limit is None:
        time = _dot_timelimit(root, short, time)
    memory = _positive(limits.get("memory", 2048), "limits.memory", short, integer=True)
    # A package's output limit is what the judge holds of a run's output in memory: capped.
    output = min(
        _positive(limits.get("output", 8), "limits.output", short, integer=True), OUTPUT_MAX_MIB
    )

    validation = config.get("validation", "default")
    if isinstance(validation, dict):  # an early 2023-07 draft spelled it as a mapping
        validation = "custom" + "".join(f" {k}" for k, v in validation.items() if v)
    if not isinstance(validation, str):
        raise PackageError(f"{short}: problem.yaml: `validation` must be a string")
    kinds = set(validation.split()[1:])
    kinds |= _problem_types(config, short) if not legacy else set()
    refused = sorted(kinds & {"multi-pass", "multipass", "submit-answer"})
    if refused:
        raise PackageError(
            f"{short}: problem.yaml: {refused[0]} problems are not supported "
            "(pass-fail and interactive ones are)"
        )
    interactive = "interactive" in kinds
    if interactive:
        validation = "custom"
    flags_text = config.get("validator_flags", "")
    if not isinstance(flags_text, str):
        raise PackageError(f"{short}: problem.yaml: `validator_flags` must be a string")
    validator_args = tuple(flags_text.split())

    output_validator, style = _find_output_validator(root)
    if interactive and output_validator is None:
        raise PackageError(
            f"{short}: problem.yaml: an interactive problem needs its interactor "
            "in output_validators/ (or output_validator/)"
        )
    if output_validator is not None and not legacy and validation == "default":
        validation = "custom"  # in 2023-07+ the validator's presence is what says so
    if validation.startswith("custom"):
        validation = "custom"
        if output_validator is None:
            raise PackageError(
                f"{short}: problem.yaml: `validation: custom` but there is no "
                "output_validators/ (or output_validator/) with a program"
            )
    elif validation != "default":
        raise PackageError(f"{short}: problem.yaml: unknown validation {validation!r}")
    if validation == "default":
        output_validator = None
        _check_flags(validator_args, short, "problem.yaml", "validator_flags")

    validators: tuple[Path, ...] = ()
    unsupported: tuple[Path, ...] = ()
    # input_format_validators/ is the legacy name; 2023-07 says input_validators/.
    for folder in ("input_validators", "input_format_validators", "input_validator"):
        found, not_run = _find_input_validators(root / folder)
        validators += found
        unsupported += not_run
    problem = Problem(
        root=root,
        short_name=short,
        name=_problem_name(config, root),
        format_version=version,
        time=time,
        memory_mib=int(memory),
        output_mib=int(output),
        validation=validation,
        validator_args=validator_args,
        statement=find_statement(root),
        output_validator=output_validator,
        checker_style="kattis" if interactive else style,
        input_validators=validators,
        config=config,
        interactive=interactive,
        unsupported_validators=unsupported,
        python=_python_runtime(root, short),
        grading=_grading(root, short),
        verdicts=_verdict_rule(root, config, legacy, short),
    )
    if not problem.tests("all"):
        raise PackageError(
            f"{short}: data/: no test cases (expected data/sample or "
            "data/secret with *.in and *.ans files)"
        )
    return problem


def check_files(root: Path) -> None:
    """Refuse a package holding a symlink that leads out of it, or a FIFO, socket or device.

    The judge reads package files as its own user (often root) and copies sources into
    builds, binds tests into sandboxes and sends statements and samples to the model: a
    symlink to `~/.config/solver/config.yaml` or `/etc/shadow` would hand that file over, and
    a FIFO or `/dev/zero` would hang the judge. A symlink that stays inside the package is
    followed as the file it names (shared headers, tests shared between groups)."""
    real_root = Path(os.path.realpath(root))
    for folder, dirs, files in os.walk(root):
        for name in (*dirs, *files):
            path = Path(folder) / name
            if _unprintable(name):
                # Test and submission names are printed in reports: a name carrying terminal
                # escapes or line breaks would be written raw into the user's terminal.
                shown = ascii(str(path.relative_to(root)))
                raise PackageError(
                    f"{root.name}: {shown}: a file name with control characters "
                    "(or bytes that are not UTF-8); rename it"
                )
            try:
                st = path.lstat()
            except OSError:
                continue
            rel = path.relative_to(root)
            if stat.S_ISLNK(st.st_mode):
                real = Path(os.path.realpath(path))
                if real != real_root and real_root not in real.parents:
                    raise PackageError(
                        f"{root.name}: {rel}: a symlink leading out of the "
                        f"package (to {real}); copy the file in instead"
                    )
                try:
                    st = real.stat()
                except OSError:
                    continue  # dangling inside the package: nothing can be read through it
            if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
                raise PackageError(
                    f"{root.name}: {rel}: not a regular file or folder (a FIFO, socket or device)"
                )


def _unprintable(name: str) -> bool:
    # Bytes that are not UTF-8 arrive as lone surrogates (os.fsdecode's surrogateescape).
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in name)


def _format_version(config: dict[str, Any], short: str) -> str:
    raw = config.get("problem_format_version", "legacy")
    version = str(raw).strip() if isinstance(raw, (str, int, float)) else None
    if version not in FORMAT_VERSIONS:
        known = ", ".join(FORMAT_VERSIONS)
        raise PackageError(
            f"{short}: problem.yaml: unknown problem_format_version {raw!r} (known: {known})"
        )
    return version


def _problem_types(config: dict[str, Any], short: str) -> set[str]:
    """The 2023-07+ `type`: one string or a list of them."""
    kind = config.get("type", "pass-fail")
    kinds = [kind] if isinstance(kind, str) else kind
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise PackageError(f"{short}: problem.yaml: `type` must be a string or a list of strings")
    known = {"pass-fail", "scoring", "interactive", "multi-pass", "submit-answer"}
    for k in kinds:
        if k not in known:
            raise PackageError(f"{short}: problem.yaml: unknown problem type {k!r}")
    return set(kinds)


def _python_runtime(root: Path, short: str) -> str | None:
    """The package's own choice of Python 3 runtime, in `.solver.yaml` (judging systems ignore
    dot-files, so this stays a valid package)."""
    conf = _read_yaml(root / ".solver.yaml", short, required=False)
    if not isinstance(conf, dict):
        raise PackageError(f"{short}: .solver.yaml: expected a mapping of keys")
    value = conf.get("python")
    if value is not None and value not in PYTHON_RUNTIMES:
        raise PackageError(
            f"{short}: .solver.yaml: `python` must be one of "
            f"{', '.join(PYTHON_RUNTIMES)}, got {value!r}"
        )
    return value


def _verdict_rule(root: Path, config: dict[str, Any], legacy: bool, short: str) -> VerdictRule:
    """problem.yaml's legacy `grading.on_reject` (grade: continue, first_error: break), then
    the root testdata.yaml's `on_reject` and `grader_flags`, which win."""
    every = False
    grading = config.get("grading")
    if legacy and isinstance(grading, dict):
        every = {"grade": True, "first_error": False}.get(str(grading.get("on_reject")), every)
    flags: list[str] = []
    settings = root / "data" / "testdata.yaml"
    conf = _read_yaml(settings, short, required=False) if settings.is_file() else {}
    if isinstance(conf, dict):
        on_reject = conf.get("on_reject")
        if on_reject in ("break", "continue"):
            every = on_reject == "continue"
        elif on_reject is not None:
            raise PackageError(
                f"{short}: data/testdata.yaml: `on_reject` must be break or continue, "
                f"not {on_reject!r}"
            )
        raw = conf.get("grader_flags", "")
        flags = raw.split() if isinstance(raw, str) else []
    return VerdictRule(every, "first_error" in flags, "ignore_sample" in flags)


def _grading(root: Path, short: str) -> str:
    """The package's grading mode in `.solver.yaml` (a dataset loader writes it)."""
    conf = _read_yaml(root / SOLVER_FILE, short, required=False)
    try:
        return check_grading(conf.get("grading") if isinstance(conf, dict) else None)
    except ValueError as exc:
        raise PackageError(f"{short}: {SOLVER_FILE}: {exc}") from None


def _read_yaml(path: Path, short: str, required: bool = True) -> Any:
    if not path.exists():
        if required:
            raise PackageError(f"{short}: {path.name}: missing")
        return {}
    try:
        data = load_package_yaml(path)
    except YamlTooLarge as exc:
        raise PackageError(f"{short}: {path.name}: {exc}") from None
    except RecursionError:
        raise PackageError(f"{short}: {path.name}: nested too deeply") from None
    except UnicodeDecodeError:
        raise PackageError(f"{short}: {path.name}: not UTF-8 text") from None
    except safe_io.FileTooLarge:
        raise PackageError(f"{short}: {path.name}: larger than {YAML_MAX_BYTES} bytes") from None
    except OSError as exc:
        raise PackageError(f"{short}: {path.name}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or "invalid YAML"
        raise PackageError(f"{short}: {path.name}{where}: {what}") from None
    return {} if data is None else data


YAML_MAX_VALUES = 100_000
"""The most values (mappings, lists, keys, scalars) a package's YAML file may hold once its
aliases are expanded: a few kilobytes of `&a [*b, *b, ...]` can stand for billions, and code
that walks or prints such a value (an error message, say) would never finish."""


class YamlTooLarge(ValueError):
    pass


def check_yaml_size(data: Any, limit: int = YAML_MAX_VALUES) -> None:
    """Raise YamlTooLarge when `data` (as yaml.safe_load gives it) would have more than `limit`
    values with its aliases expanded, or refers to itself. Each distinct value is visited once
    (shared ones are counted once per reference from their counts), without recursion."""
    counts: dict[int, int] = {}
    open_: set[int] = set()
    # (a value, and its children once they are pushed: its count is due when it comes back)
    stack: list[tuple[Any, list[Any] | None]] = [(data, None)]
    while stack:
        node, pushed = stack.pop()
        if pushed is not None:
            open_.discard(id(node))
            counts[id(node)] = 1 + sum(counts[id(c)] for c in pushed)
            if counts[id(node)] > limit:
                raise YamlTooLarge(f"more than {limit} values once its aliases are expanded")
        elif id(node) in open_:
            raise YamlTooLarge("a value that contains itself (a recursive alias)")
        elif id(node) not in counts:
            children = _yaml_children(node)
            if not children:
                counts[id(node)] = 1
                continue
            open_.add(id(node))
            stack.append((node, children))
            stack.extend((c, None) for c in children)


def load_package_yaml(path: Path) -> Any:
    """A package's YAML file, bounded: YAML_MAX_BYTES read, YAML_MAX_VALUES once its aliases
    are expanded (YamlTooLarge), nesting as deep as the parser recurses (RecursionError)."""
    data = yaml.safe_load(safe_io.read_text(path, YAML_MAX_BYTES, follow=True))
    check_yaml_size(data)
    return data


def read_yaml_quietly(path: Path) -> Any:
    """A package's YAML file under the same bounds as problem.yaml (size, values, nesting), or
    None when it is missing or not within them: for files whose absence changes nothing."""
    try:
        return load_package_yaml(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, YamlTooLarge, RecursionError):
        return None


def _yaml_children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [*node.keys(), *node.values()]
    if isinstance(node, list):
        return list(node)
    return []


def _positive(value: Any, key: str, short: str, integer: bool = False) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    if ok and integer and int(value) != value:
        ok = False
    if not ok:
        kind = "a positive integer" if integer else "a positive number"
        raise PackageError(f"{short}: problem.yaml: `{key}` must be {kind}, got {value!r}")
    return float(value)


TIMELIMIT_MAX_BYTES = 1024


def _dot_timelimit(root: Path, short: str, time: TimeSettings) -> TimeSettings:
    """The BAPCtools/DOMjudge convention: `.timelimit` at the package root holds the time
    limit in seconds. It is used when problem.yaml fixes none (problem.yaml wins)."""
    path = root / ".timelimit"
    if not path.exists():
        return time
    try:
        text = safe_io.read_text(path, TIMELIMIT_MAX_BYTES, follow=True, errors="replace")
    except (OSError, safe_io.FileTooLarge):
        raise PackageError(f"{short}: .timelimit: unreadable or larger than 1 KiB") from None
    try:
        seconds = float(text.strip())
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise PackageError(
            f"{short}: .timelimit: must hold a positive number of seconds, "
            f"got {text.strip()[:40]!r}"
        )
    return replace(time, time_limit=seconds, source=".timelimit")


def _time_settings(limits: dict[str, Any], legacy: bool, short: str) -> TimeSettings:
    tl = limits.get("time_limit")
    time_limit = _positive(tl, "limits.time_limit", short) if tl is not None else None
    resolution = _positive(limits.get("time_resolution", 1.0), "limits.time_resolution", short)
    multipliers = limits.get("time_multipliers") or {}
    if not isinstance(multipliers, dict):
        raise PackageError(f"{short}: problem.yaml: `limits.time_multipliers` must be a mapping")
    if legacy:  # problemtools' legacy keys and defaults
        ac = limits.get("time_multiplier", multipliers.get("ac_to_time_limit", 5.0))
        tle = limits.get("time_safety_margin", multipliers.get("time_limit_to_tle", 2.0))
    else:
        ac = multipliers.get("ac_to_time_limit", 2.0)
        tle = multipliers.get("time_limit_to_tle", 1.5)
    ac = _positive(ac, "limits.time_multipliers.ac_to_time_limit", short)
    tle = _positive(tle, "limits.time_multipliers.time_limit_to_tle", short)
    return TimeSettings(time_limit, ac, tle, resolution)


def _check_flags(args: tuple[str, ...], short: str, file: str, key: str) -> None:
    try:
        OutputFlags.parse(args)
    except ValueError as exc:
        raise PackageError(f"{short}: {file}: `{key}`: {exc}") from None


def _problem_name(config: dict[str, Any], root: Path) -> str:
    name = config.get("name")
    if isinstance(name, dict):
        name = name.get("en") or next(iter(name.values()), None)
    if isinstance(name, str) and name.strip():
        return name.strip()
    statement = find_statement(root)
    if statement is not None:
        try:  # the name is near the top; the file is the package's and of any size
            text = safe_io.read_head(statement, 64 * 1024, follow=True).decode(errors="replace")
        except OSError:
            return root.name
        m = re.search(r"\\problemname\{([^}]*)\}", text) or re.search(r"^#\s+(.+)$", text, re.M)
        if m:
            return m.group(1).strip()
    return root.name


def find_statement(root: Path) -> Path | None:
    """The English (or only) statement in Markdown or LaTeX, if the package has one."""
    for folder in ("statement", "problem_statement"):
        d = root / folder
        if not d.is_dir():
            continue
        for stem in ("problem.en", "problem"):
            for suffix in STATEMENT_SUFFIXES:
                if (d / f"{stem}{suffix}").is_file():
                    return d / f"{stem}{suffix}"
        others = sorted(p for p in d.glob("problem.*") if p.suffix in STATEMENT_SUFFIXES)
        if others:
            return others[0]
    return None


def _find_output_validator(root: Path) -> tuple[Path | None, Literal["kattis", "testlib"]]:
    for folder in ("output_validator", "output_validators"):
        programs = _find_programs(root / folder)
        if len(programs) > 1:
            raise PackageError(
                f"{root.name}: {folder}/: more than one output validator "
                f"({', '.join(p.name for p in programs)})"
            )
        if programs:
            return programs[0], "testlib" if _uses_testlib(programs[0]) else "kattis"
    # A Polygon-style checker at the package root follows testlib's calling convention.
    for stem in ("checker", "check"):
        for suffix in _SOURCE_SUFFIXES:
            if (root / f"{stem}{suffix}").is_file():
                return root / f"{stem}{suffix}", "testlib"
    return None, "kattis"


def _uses_testlib(program: Path) -> bool:
    files = [program] if program.is_file() else list(program.iterdir())
    return any(f.is_file() and b"testlib.h" in f.read_bytes() for f in files)


def _find_programs(folder: Path) -> tuple[Path, ...]:
    """Programs in a validators folder: each a source file or a directory holding sources."""
    if not folder.is_dir():
        return ()
    if folder.name == "output_validator" and _has_sources(folder):
        return (folder,)  # 2023-07+: the folder is the program
    return tuple(
        sorted(
            p
            for p in folder.iterdir()
            if (p.is_file() and p.suffix in _SOURCE_SUFFIXES) or (p.is_dir() and _has_sources(p))
        )
    )


def _find_input_validators(folder: Path) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """(validators the judge runs, validators it finds but cannot run) in an input validators
    folder. Run: programs (a source file, or a folder of sources) and checktestdata files
    (`x.ctd`, or a folder whose program is a `.ctd`). Not run: VIVA files and folders, and
    folders that only have `build` / `run` scripts."""
    if not folder.is_dir():
        return (), ()
    run: list[Path] = []
    not_run: list[Path] = []
    for p in sorted(folder.iterdir()):
        if p.is_file():
            if p.suffix in _SOURCE_SUFFIXES or p.suffix in CHECKTESTDATA_SUFFIXES:
                run.append(p)
            elif p.suffix in UNRUN_SCRIPT_SUFFIXES:
                not_run.append(p)
        elif p.is_dir():
            if _has_sources(p):
                run.append(p)
            elif (p / "run").exists() or (p / "build").exists():
                not_run.append(p)  # what problemtools runs before looking at the sources
            elif any(f.is_file() and f.suffix in CHECKTESTDATA_SUFFIXES for f in p.iterdir()):
                run.append(p)
            elif any(f.is_file() and f.suffix in UNRUN_SCRIPT_SUFFIXES for f in p.iterdir()):
                not_run.append(p)
    return tuple(run), tuple(not_run)


def _has_sources(folder: Path) -> bool:
    return any(p.is_file() and p.suffix in _SOURCE_SUFFIXES for p in folder.iterdir())


def _judging_key(rel: Path) -> tuple[str, ...]:
    """Judging order as problemtools has it: in each folder, its entries (test files by their
    name, subfolders by theirs) in plain lexicographic order, so `10` comes before `2`. The
    order decides which failing test a rejected submission is judged by."""
    return (*rel.parts[:-1], rel.with_suffix(".ans").name)


def _find_tests(problem: Problem, folder: Path) -> list[TestCase]:
    if not folder.is_dir():
        return []
    data = problem.root / "data"
    cases = []
    for inp in sorted(folder.rglob("*.in"), key=lambda p: _judging_key(p.relative_to(data))):
        ans = inp.with_suffix(".ans")
        if not ans.is_file():
            raise problem.error(inp, "has no matching .ans file")
        name = str(inp.relative_to(data).with_suffix(""))
        out_args, in_args = _validator_args(problem, inp.parent)
        cases.append(TestCase(name, inp, ans, out_args, in_args))
    for ans in folder.rglob("*.ans"):
        if not ans.with_suffix(".in").is_file():
            raise problem.error(ans, "has no matching .in file")
    return cases


InputArgs = tuple[tuple[str, tuple[str, ...]], ...]


def _validator_args(problem: Problem, folder: Path) -> tuple[tuple[str, ...], InputArgs]:
    """Output and input validator arguments in force in a data folder (the nearest
    testdata.yaml, or 2025-09's test_group.yaml, wins)."""
    args = problem.validator_args
    input_args: InputArgs = ()
    data = problem.root / "data"
    chain = [folder, *folder.parents]
    for d in reversed(chain[: chain.index(data) + 1] if data in chain else []):
        for name in ("testdata.yaml", "test_group.yaml"):
            settings = d / name
            if not settings.is_file():
                continue
            conf = _read_yaml(settings, problem.short_name)
            if not isinstance(conf, dict):
                raise problem.error(settings, "expected a mapping of keys")
            flags = conf.get("input_validator_args", conf.get("input_validator_flags"))
            if flags is not None:
                input_args = _input_args(problem, settings, flags)
            value = conf.get("output_validator_args", conf.get("output_validator_flags"))
            if value is None:
                continue
            args = _arg_list(problem, settings, value, "output_validator_args")
            if problem.validation == "default":
                try:
                    OutputFlags.parse(args)
                except ValueError as exc:
                    raise problem.error(settings, str(exc)) from None
    return args, input_args


def _arg_list(problem: Problem, settings: Path, value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v) for v in value)
    raise problem.error(settings, f"`{key}` must be a string or a list")


def _input_args(problem: Problem, settings: Path, value: Any) -> InputArgs:
    """`input_validator_flags`: arguments for every validator, or a mapping from validator
    name to its own arguments (2023-07)."""
    if isinstance(value, dict):
        return tuple(
            (str(name), _arg_list(problem, settings, v, "input_validator_args"))
            for name, v in value.items()
        )
    return (("", _arg_list(problem, settings, value, "input_validator_args")),)


def _find_submissions(problem: Problem) -> list[Submission]:
    base = problem.root / "submissions"
    if not base.is_dir():
        return []
    overrides = _read_yaml(base / "submissions.yaml", problem.short_name, required=False)
    if not isinstance(overrides, dict):
        raise problem.error(base / "submissions.yaml", "expected a mapping of paths")
    found = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.startswith(".") or (item.is_file() and item.suffix in (".md", ".txt")):
                continue
            permitted, required = EXPECTATIONS.get(folder.name, (frozenset(), frozenset()))
            permitted, required = _override(
                problem, overrides, item.relative_to(base), permitted, required
            )
            if not required:
                continue  # a folder with no promise (e.g. `other`) is not checked
            found.append(Submission(item, folder.name, permitted, required))
    return found


def _override(
    problem: Problem,
    overrides: dict[str, Any],
    rel: Path,
    permitted: frozenset[str],
    required: frozenset[str],
) -> tuple[frozenset[str], frozenset[str]]:
    for pattern, spec in overrides.items():
        text = str(rel)
        if not (fnmatch(text, str(pattern)) or text.startswith(str(pattern).rstrip("/") + "/")):
            continue
        if not isinstance(spec, dict):
            raise problem.error(
                problem.root / "submissions" / "submissions.yaml",
                f"entry {pattern!r} must be a mapping",
            )
        for key in ("permitted", "required"):
            if key in spec:
                values = spec[key]
                if isinstance(values, str):
                    values = [values]
                codes = frozenset(str(v).upper() for v in values)
                if key == "permitted":
                    permitted = codes
                else:
                    required = codes
        if "permitted" in spec and "required" not in spec:
            required = permitted - {"AC"} or permitted
    return permitted, required


def declares_python2(source: Path) -> bool:
    """A .py file whose #! line says Python 2 (problemtools judges those with Python 2; this
    judge does not run Python 2)."""
    if source.suffix != ".py" or not source.is_file():
        return False
    with open(source, "rb") as f:
        first = f.readline(200)
    return first.startswith(b"#!") and re.search(rb"python2(\.\d+)?\b", first) is not None


def iter_packages(paths: list[Path]) -> Iterator[Path]:
    """Package folders among `paths`, each of which is a package or a folder of packages."""
    for path in paths:
        if (path / "problem.yaml").exists() or (path / "data").is_dir():
            yield path
        elif path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if (p / "problem.yaml").exists() or (p / "data").is_dir()
            )
