"""Languages: one class each, knowing how to build a source file and how to start the result.

Compilation runs in the sandbox too (a compiler fed hostile source is untrusted work), with its
own limits; a refused build is CE with the compiler's message. Builds are cached by content.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import stat
import struct
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from sandbox import box as reuse
from sandbox import build_cache, isolation, quota, runner, safe_io
from sandbox.isolation import BOX, JUDGE, Bind
from sandbox.limits import MIB, Limits
from sandbox.verdict import RunResult, Verdict

COMPILE_LIMITS = Limits(
    time_s=60.0,
    wall_s=120.0,
    memory_mib=2048,
    output_bytes=1 * MIB,
    processes=64,
    scratch_mib=512,
    spawn=True,
)
BUILD_OUTPUT_MIB = 256
"""What a compiler may write into its output folder in all (a bounded tmpfs as root)."""
_MESSAGE_LINES = 40
SOURCE_MAX_BYTES = 64 * MIB
"""The largest source file (or companion file) the judge builds."""


# Run by the judge's own interpreter (the one programs run under) inside the sandbox; prints
# the complaint in one line, as `name, line N: SyntaxError: message`.
_PY_SYNTAX_CHECK = """
import sys
path = sys.argv[1]
name = path.rsplit("/", 1)[-1]
try:
    with open(path, "rb") as f:
        compile(f.read(), name, "exec", dont_inherit=True)
except SyntaxError as exc:
    where = f"{exc.filename}, line {exc.lineno}" if exc.lineno else exc.filename
    sys.exit(f"{where}: {type(exc).__name__}: {exc.msg}")
except (ValueError, RecursionError) as exc:
    sys.exit(f"{name}: {type(exc).__name__}: {exc}")
"""


class UnsupportedLanguage(Exception):
    """The file's language is not one the judge runs."""


@dataclass(frozen=True)
class Program:
    """Something ready to run: a directory (seen as /box inside the sandbox) and its command."""

    language: Language
    directory: Path
    argv_template: tuple[str, ...]
    source: Path | None = None
    static_bytes: int = 0
    """Memory the executable claims before running (its loadable segments, .bss included)."""
    companions: tuple[Path, ...] = ()
    cached: bool = False
    """Built into the build cache (which may evict it: `run` rebuilds it then)."""

    def argv(self, box: str, memory_mib: int) -> list[str]:
        return [
            a.replace("{box}", box).replace("{memory}", str(memory_mib)) for a in self.argv_template
        ]

    def run(
        self,
        limits: Limits,
        *,
        stdin: Path | None = None,
        binds: tuple[Bind, ...] = (),
        args: tuple[str, ...] = (),
        iso: isolation.Isolation | None = None,
        env: dict[str, str] | None = None,
        cancel: runner.Cancel | None = None,
    ) -> RunResult:
        if self.static_bytes > limits.memory_mib * MIB:
            # The kernel would kill it half-way through exec, which looks like a crash.
            return RunResult(
                Verdict.MLE,
                None,
                None,
                0.0,
                0.0,
                self.static_bytes / MIB,
                b"",
                b"",
                message=f"static data of {self.static_bytes // MIB} MiB exceeds "
                f"the memory limit of {limits.memory_mib} MiB",
            )
        if self.cached:
            current = self._still_built()
            if current is not self:
                if current is None:
                    return _vanished("its source cannot be rebuilt")
                return current.run(
                    limits, stdin=stdin, binds=binds, args=args, iso=iso, env=env, cancel=cancel
                )
            build_cache.touch(self.directory)  # in use: not to be evicted
        iso = iso or isolation.detect()
        run = functools.partial(
            Program._run_here,
            limits=limits,
            stdin=stdin,
            binds=binds,
            args=args,
            iso=iso,
            env=env,
            cancel=cancel,
        )
        result = run(self)
        if self.cached and not (self.directory / build_cache.MANIFEST).exists():
            # The build vanished while it ran (the program may have found its files gone):
            # this run tells nothing. Rebuilt and run once more; a second loss is JE.
            rebuilt = self._still_built()
            result = run(rebuilt) if rebuilt is not None else result
            if rebuilt is None or not (rebuilt.directory / build_cache.MANIFEST).exists():
                return _vanished("twice while it ran")
        return result

    def _run_here(
        self,
        *,
        limits: Limits,
        stdin: Path | None,
        binds: tuple[Bind, ...],
        args: tuple[str, ...],
        iso: isolation.Isolation,
        env: dict[str, str] | None,
        cancel: runner.Cancel | None,
    ) -> RunResult:
        box = BOX if iso.bwrap else str(self.directory)
        all_binds = (Bind(self.directory, BOX), *self.language.support_binds(), *binds)
        argv = [*self.argv(box, limits.memory_mib), *args]
        run_limits = self.language.run_limits(limits)
        run_env = {**self.language.support_env(iso), **self.language.run_env(iso), **(env or {})}
        boxed = reuse.run(
            iso,
            argv,
            run_limits,
            stdin=stdin,
            binds=all_binds,
            cwd=None,
            env=run_env,
            cancel=cancel,
        )
        if boxed is not None:
            return boxed
        return runner.run(
            argv,
            run_limits,
            stdin=stdin,
            binds=all_binds,
            iso=iso,
            env=run_env,
            cancel=cancel,
        )

    def _still_built(self) -> Program | None:
        """This program if its build is still in the cache, else a rebuilt one (None when that
        fails): another judge may have evicted it, or the user cleared the cache."""
        if (self.directory / build_cache.MANIFEST).exists():
            return self
        if self.source is None:
            return None
        try:
            rebuilt = self.language.compile(self.source, self.directory.parent, self.companions)
        except OSError:
            return None
        return (
            rebuilt.program
            if rebuilt.program is not None
            and (rebuilt.program.directory / build_cache.MANIFEST).exists()
            else None
        )


@dataclass(frozen=True)
class CompileResult:
    program: Program | None
    message: str = ""
    """The compiler's complaint when it refused; empty on success."""
    time_s: float = 0.0
    verdict: Verdict = Verdict.OK
    """OK, CE (the source's fault) or JE (the compiler is missing or the sandbox failed)."""

    @property
    def ok(self) -> bool:
        return self.program is not None


@dataclass(frozen=True)
class Language:
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    compiler: ClassVar[str | None] = None
    """The tool needed on PATH to build (and usually run) programs in this language."""

    def available(self) -> bool:
        return self.compiler is None or shutil.which(self.compiler) is not None

    def run_limits(self, limits: Limits) -> Limits:
        return limits

    def run_env(self, iso: isolation.Isolation) -> dict[str, str]:
        return {}

    def support_binds(self) -> tuple[Bind, ...]:
        """Files the language's runtime needs that the sandbox does not show by default (a
        library outside the system folders); seen by its builds and its runs."""
        return ()

    def support_env(self, iso: isolation.Isolation) -> dict[str, str]:
        """Environment for the runtime to find `support_binds`, in builds and runs."""
        return {}

    def identity(self) -> str:
        """What, besides the sources, a build depends on: part of its cache key."""
        return self.name

    def build_command(self, source_name: str) -> list[str] | None:
        """The command that builds /box/<source_name>; None when nothing needs building."""
        return None

    def run_template(self, source_name: str) -> tuple[str, ...]:
        raise NotImplementedError

    def check_source(self, source: Path) -> str:
        """Checks done outside the sandbox before building; return a CE message or ''."""
        return ""

    def target_name(self, source: Path) -> str:
        return source.name

    def compile(
        self, source: Path, cache_root: Path | None = None, companions: tuple[Path, ...] = ()
    ) -> CompileResult:
        """Build `source` (with `companions`, e.g. headers beside it) into the build cache."""
        if not self.available():
            return CompileResult(None, f"{self.compiler} is not installed", verdict=Verdict.JE)
        digest = hashlib.sha256(self.identity().encode())
        # Read once, bounded and regular files only (a FIFO or /dev/zero named as a source must
        # not hang the judge); what is built is exactly what was hashed.
        contents: dict[str, bytes] = {}
        for path in (source, *companions):
            try:
                data = safe_io.read_bytes(path, SOURCE_MAX_BYTES, follow=True)
            except safe_io.FileTooLarge:
                return CompileResult(
                    None,
                    f"{path.name}: source larger than {SOURCE_MAX_BYTES // MIB} MiB",
                    verdict=Verdict.CE,
                )
            except safe_io.UnsafeFile as exc:
                return CompileResult(None, f"{path.name}: {exc.strerror}", verdict=Verdict.CE)
            contents[path.name] = data
            digest.update(b"\0" + path.name.encode() + b"\0" + data)
        key = digest.hexdigest()[:32]
        root = cache_root or build_cache_dir()
        # Another judge, or the user, may empty the cache while this one builds: the build is
        # then made once more, and a second loss is the judge's failure, never the package's.
        lost: OSError | None = None
        for _attempt in range(2):
            try:
                return self._into_cache(root / key, source, companions, contents)
            except OSError as exc:
                lost = exc
        return CompileResult(
            None,
            f"the build cache ({root}) changed under the build of {source.name} twice: {lost}",
            verdict=Verdict.JE,
        )

    def _into_cache(
        self, final: Path, source: Path, companions: tuple[Path, ...], contents: dict[str, bytes]
    ) -> CompileResult:
        """The build of `contents` at `final` in the cache: found there, or made and published."""
        root = final.parent
        name = self.target_name(source)
        if final.exists():
            if build_cache.valid(final, self.executable_name()):
                build_cache.touch(final)
                return CompileResult(self._program(final, name, source, companions))
            build_cache.discard(final)  # damaged, tampered with or half-written: build again
        complaint = self.check_source(source)
        if complaint:
            return CompileResult(None, complaint, verdict=Verdict.CE)
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="build-", dir=root))
        try:
            files = {p.name: contents[p.name] for p in companions}
            files[name] = contents[source.name]
            result = self._build(work, name, files)
            if result is not None:
                return result
            for path in [work, *work.rglob("*")]:
                # Copied out by us, regular files and folders only; readable by the sandbox
                # users that run the program.
                path.chmod(path.lstat().st_mode | (0o555 if path.is_dir() else 0o444))
            build_cache.seal(work)
            build_cache.publish(work, final)
            build_cache.evict(root)
            return CompileResult(self._program(final, name, source, companions))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _build(self, work: Path, name: str, contents: dict[str, bytes]) -> CompileResult | None:
        """Build in a private folder that is a bounded tmpfs as root (sandbox/quota.py): the
        compiler may write no more than BUILD_OUTPUT_MIB to the host. What it made is copied
        into `work` (regular files and folders only); None on success."""
        box_dir = Path(tempfile.mkdtemp(prefix="solver-build-"))
        try:
            with quota.bounded_dir(box_dir, BUILD_OUTPUT_MIB * MIB, inodes=4096):
                box_dir.chmod(0o777)  # the compiler runs as an unprivileged sandbox user
                for file_name, data in contents.items():
                    _write_new(box_dir / file_name, data)
                result = self._run_build(box_dir, name)
                if result is None:
                    _copy_out(box_dir, work)
                return result
        finally:
            shutil.rmtree(box_dir, ignore_errors=True)

    def _run_build(self, work: Path, name: str) -> CompileResult | None:
        cmd = self.build_command(name)
        if cmd is None:
            return None
        iso = isolation.detect()
        box = BOX if iso.bwrap else str(work)
        argv = [a.replace("{box}", box) for a in cmd]
        res = runner.run(
            argv,
            self.compile_limits(),
            binds=(Bind(work, BOX, writable=True), *self.support_binds()),
            cwd=BOX if iso.bwrap else None,
            iso=iso,
            env=self.support_env(iso) or None,
        )
        if res.verdict is Verdict.OK:
            return None
        if res.verdict is Verdict.JE:
            return CompileResult(None, res.message, res.cpu_time_s, Verdict.JE)
        text = (res.stderr or res.stdout).decode(errors="replace").strip()
        lines = text.splitlines()
        if len(lines) > _MESSAGE_LINES:
            lines = [*lines[:_MESSAGE_LINES], f"... ({len(lines) - _MESSAGE_LINES} more lines)"]
        why = {
            Verdict.TLE: "compilation took too long",
            Verdict.MLE: "compiler ran out of memory",
            Verdict.OLE: "compiler output too large",
        }.get(res.verdict, "compilation failed")
        message = "\n".join(lines) if lines else why
        if res.verdict is not Verdict.RTE:
            message = f"{why}\n{message}" if lines else why
        return CompileResult(None, message.replace(box + "/", ""), res.cpu_time_s, Verdict.CE)

    def compile_limits(self) -> Limits:
        return COMPILE_LIMITS

    def executable_name(self) -> str | None:
        """The file in a build that must be executable (None: nothing is run directly)."""
        return None

    def _program(
        self, directory: Path, name: str, source: Path, companions: tuple[Path, ...]
    ) -> Program:
        binary = directory / "prog"
        static = elf_static_bytes(binary) if binary.exists() else 0
        return Program(
            self,
            directory,
            self.run_template(name),
            source,
            static,
            companions=companions,
            cached=True,
        )


@dataclass(frozen=True)
class Python3(Language):
    name: ClassVar[str] = "Python 3"
    extensions: ClassVar[tuple[str, ...]] = (".py",)

    def available(self) -> bool:
        return os.path.exists(isolation.python_executable())

    def build_command(self, source_name: str) -> list[str]:
        # A syntax check, so that a file that does not parse (Python 2 code, say) is CE, not
        # RTE on every test. It runs in the sandbox under the compile limits: parsing a few
        # megabytes of hostile source can take the parser gigabytes.
        return [
            isolation.python_executable(),
            "-I",
            "-B",
            "-c",
            _PY_SYNTAX_CHECK,
            f"{{box}}/{source_name}",
        ]

    def run_template(self, source_name: str) -> tuple[str, ...]:
        return (isolation.python_executable(), "-B", f"{{box}}/{source_name}")


@dataclass(frozen=True)
class Native(Language):
    """Compiled to a native executable, whose refused allocations the sandbox reports."""

    extra_sources: tuple[str, ...] = ()
    """Other source files of a multi-file program, compiled and linked with the main one."""

    def executable_name(self) -> str | None:
        return "prog"

    def run_env(self, iso: isolation.Isolation) -> dict[str, str]:
        return {"LD_PRELOAD": isolation.OOM_SHIM} if iso.oom_shim and iso.bwrap else {}

    def identity(self) -> str:
        # A compiler upgrade or other flags make another program of the same sources.
        command = " ".join(self.build_command("main"))
        return f"{self.name} {compiler_version(self.compiler or '')} {command}"


@functools.cache
def compiler_version(compiler: str) -> str:
    try:
        proc = subprocess.run(
            [compiler, "-dumpfullversion"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return proc.stdout.strip() or "unknown"


CPP_STANDARDS = ("gnu++23", "gnu++20", "gnu++17")
"""Kattis and problemtools compile C++ as gnu++23; an older g++ gets the newest it knows."""


@functools.cache
def cpp_standard(compiler: str = "g++") -> str:
    """The newest of CPP_STANDARDS the installed compiler accepts (probed once)."""
    for standard in CPP_STANDARDS:
        try:
            proc = subprocess.run(
                [compiler, f"-std={standard}", "-fsyntax-only", "-x", "c++", "-"],
                input=b"int main() {}\n",
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            break
        if proc.returncode == 0:
            return standard
    return CPP_STANDARDS[-1]


@dataclass(frozen=True)
class C(Native):
    name: ClassVar[str] = "C"
    extensions: ClassVar[tuple[str, ...]] = (".c",)
    compiler: ClassVar[str | None] = "gcc"

    def build_command(self, source_name: str) -> list[str]:
        return [
            "gcc",
            "-O2",
            "-std=gnu17",
            "-pipe",
            "-o",
            "{box}/prog",
            f"{{box}}/{source_name}",
            *(f"{{box}}/{x}" for x in self.extra_sources),
            "-lm",
        ]

    def run_template(self, source_name: str) -> tuple[str, ...]:
        return ("{box}/prog",)


@dataclass(frozen=True)
class Cpp(Native):
    name: ClassVar[str] = "C++"
    extensions: ClassVar[tuple[str, ...]] = (".cpp", ".cc", ".cxx", ".c++", ".C")
    compiler: ClassVar[str | None] = "g++"

    def build_command(self, source_name: str) -> list[str]:
        return [
            "g++",
            "-O2",
            f"-std={cpp_standard()}",
            "-pipe",
            "-o",
            "{box}/prog",
            f"{{box}}/{source_name}",
            *(f"{{box}}/{x}" for x in self.extra_sources),
        ]

    def run_template(self, source_name: str) -> tuple[str, ...]:
        return ("{box}/prog",)


@dataclass(frozen=True)
class Java(Language):
    name: ClassVar[str] = "Java"
    extensions: ClassVar[tuple[str, ...]] = (".java",)
    compiler: ClassVar[str | None] = "javac"
    # The JVM reserves address space far beyond what it touches, so its memory is bounded by
    # the heap flag and judged on peak resident memory instead of RLIMIT_AS.
    jvm_flags: ClassVar[tuple[str, ...]] = (
        "-XX:+UseSerialGC",
        "-XX:-UsePerfData",
        "-XX:TieredStopAtLevel=1",
        "-Xss64m",
    )

    def available(self) -> bool:
        return shutil.which("javac") is not None and shutil.which("java") is not None

    def run_limits(self, limits: Limits) -> Limits:
        return limits.with_(address_space=False, processes=max(limits.processes, 256))

    def compile_limits(self) -> Limits:
        return COMPILE_LIMITS.with_(address_space=False, processes=256)

    def build_command(self, source_name: str) -> list[str]:
        return [
            "javac",
            "-J-XX:+UseSerialGC",
            "-J-XX:-UsePerfData",
            "-J-Xmx1g",
            "-encoding",
            "UTF-8",
            "-d",
            "{box}",
            f"{{box}}/{source_name}",
        ]

    def run_template(self, source_name: str) -> tuple[str, ...]:
        main_class = Path(source_name).stem
        return ("java", *self.jvm_flags, "-Xmx{memory}m", "-cp", "{box}", main_class)


PYTHON_RUNTIME_ENV = "SOLVER_PYTHON_RUNTIME"
"""`cpython` or `pypy3`: the Python 3 runtime for .py programs (`--python` sets it)."""
# Parses a file without running it, the way the interpreter that will run it parses; prints
# one line, like the CPython check, instead of a traceback.
_PYPY_SYNTAX_CHECK = (
    "import sys\n"
    "name = sys.argv[1].rsplit('/', 1)[-1]\n"
    "try:\n"
    "    compile(open(sys.argv[1], 'rb').read(), name, 'exec', dont_inherit=True)\n"
    "except (SyntaxError, ValueError) as e:\n"
    "    where = f'{name}, line {e.lineno}' if getattr(e, 'lineno', None) else name\n"
    "    print(f'{where}: {type(e).__name__}: {getattr(e, \"msg\", e)}', file=sys.stderr)\n"
    "    sys.exit(1)\n"
)


@dataclass(frozen=True)
class PyPy3(Language):
    """Python 3 under PyPy, as Kattis judges Python 3.

    PyPy reserves address space far beyond what it touches (it does not start at all under an
    RLIMIT_AS of 256 MiB), so, as for the JVM, memory is bounded by its own heap limit
    (PYPY_GC_MAX: a bigger heap raises MemoryError, which is MLE) and judged on peak resident
    memory from the kernel, instead of by RLIMIT_AS."""

    name: ClassVar[str] = "Python 3 (PyPy)"
    extensions: ClassVar[tuple[str, ...]] = (".py",)
    compiler: ClassVar[str | None] = "pypy3"

    def run_limits(self, limits: Limits) -> Limits:
        return limits.with_(address_space=False)

    def build_command(self, source_name: str) -> list[str]:
        return [self._interpreter(), "-c", _PYPY_SYNTAX_CHECK, f"{{box}}/{source_name}"]

    def run_template(self, source_name: str) -> tuple[str, ...]:
        return (
            "/usr/bin/env",
            "PYPY_GC_MAX={memory}MB",
            self._interpreter(),
            "-B",
            f"{{box}}/{source_name}",
        )

    def _interpreter(self) -> str:
        return shutil.which("pypy3") or "pypy3"


PYTHON_RUNTIMES: dict[str, Language] = {"cpython": Python3(), "pypy3": PyPy3()}


def python_runtime(package: str | None = None) -> str:
    """Which Python 3 runs .py programs: the environment (`--python` sets it), else the
    package's choice, else CPython."""
    value = os.environ.get(PYTHON_RUNTIME_ENV) or package or "cpython"
    if value not in PYTHON_RUNTIMES:
        raise UnsupportedLanguage(
            f"unknown Python runtime {value!r} (known: {', '.join(PYTHON_RUNTIMES)})"
        )
    return value


CTD_LIBRARY = f"{JUDGE}/lib"
"""Where the sandbox shows the folder holding the checktestdata package (on PYTHONPATH)."""
CTD_VALID, CTD_INVALID, CTD_FAILED = 42, 43, 2
# The one place where pyctd's exit status becomes the input validators' convention: pyctd exits
# 0 (the input matches), 1 (it does not) or 2 (the .ctd, its arguments or pyctd itself failed).
# It runs in the sandbox with the program's command line after the .ctd file, as problemtools
# gives it: `python -m checktestdata x.ctd [flags] < input`. Exit 0 counts as valid only when
# the .ctd ran to its end (pyctd's `finalize_lib`): `--help`, `--version` or `--convert` among
# the flags also exit 0, having checked nothing.
_CTD_RUN = f"""
import argparse, sys
sys.argv[0] = "checktestdata"
# A refused command line says why in one line, without the usage text before it.
argparse.ArgumentParser.print_usage = lambda self, file=None: None
checked = []
try:
    import checktestdata.lib
    from checktestdata.pyctd import main
    finish = checktestdata.lib.finalize_lib
    checktestdata.lib.finalize_lib = lambda: (finish(), checked.append(True))
    main()
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if isinstance(exc.code, str):
        print(exc.code, file=sys.stderr)
except Exception as exc:  # pyctd handles its own errors: this is its import failing
    print(f"checktestdata cannot be loaded: {{type(exc).__name__}}: {{exc}}", file=sys.stderr)
    code = 2
if code == 0 and not checked:
    print("checktestdata checked nothing (its command line: "
          f"{{' '.join(sys.argv[1:])}})", file=sys.stderr)
    code = 2
sys.stdout.flush()
sys.exit({{0: {CTD_VALID}, 1: {CTD_INVALID}}}.get(code, {CTD_FAILED}))
"""
# The build: pyctd translates the file to Python without running it (the translation goes to
# /dev/null); a file that does not parse exits 2 with `line:column message`.
_CTD_PARSE = """
import sys
sys.argv[0] = "checktestdata"
try:
    from checktestdata.pyctd import main
except Exception as exc:
    sys.exit(f"checktestdata cannot be loaded: {type(exc).__name__}: {exc}")
sys.argv += ["--convert", "/dev/null"]
main()
"""


@functools.lru_cache(maxsize=1)
def _ctd_package() -> Path | None:
    """The installed checktestdata package's folder, as the judge's interpreter finds it."""
    spec = importlib.util.find_spec("checktestdata")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


@dataclass(frozen=True)
class Checktestdata(Language):
    """DOMjudge's checktestdata language for input validators (`.ctd`), run by pyctd (the
    PyPI package `checktestdata`, also problemtools' runtime) under the judge's interpreter.
    The package is shown to the sandbox read-only at CTD_LIBRARY; nothing else of the judge's
    environment is. Runs exit 42 (valid), 43 (invalid) or 2 (failed)."""

    name: ClassVar[str] = "checktestdata"
    extensions: ClassVar[tuple[str, ...]] = (".ctd",)
    compiler: ClassVar[str | None] = "checktestdata"

    def available(self) -> bool:
        return os.path.exists(isolation.python_executable()) and _ctd_package() is not None

    def support_binds(self) -> tuple[Bind, ...]:
        package = _ctd_package()
        return (Bind(package, f"{CTD_LIBRARY}/checktestdata"),) if package else ()

    def support_env(self, iso: isolation.Isolation) -> dict[str, str]:
        package = _ctd_package()
        if package is None:
            return {}
        return {"PYTHONPATH": CTD_LIBRARY if iso.bwrap else str(package.parent)}

    def identity(self) -> str:
        try:
            version = importlib.metadata.version("checktestdata")
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        return f"{self.name} {version}"

    def compile_limits(self) -> Limits:
        # Parsing folds constant expressions (`10^10^10`): bounded like any build, but sooner.
        return COMPILE_LIMITS.with_(time_s=20.0, wall_s=40.0)

    def build_command(self, source_name: str) -> list[str]:
        return [
            isolation.python_executable(),
            "-B",
            "-s",
            "-c",
            _CTD_PARSE,
            f"{{box}}/{source_name}",
        ]

    def run_template(self, source_name: str) -> tuple[str, ...]:
        return (isolation.python_executable(), "-B", "-s", "-c", _CTD_RUN, f"{{box}}/{source_name}")


CHECKTESTDATA = Checktestdata()
LANGUAGES: tuple[Language, ...] = (Python3(), C(), Cpp(), Java(), PyPy3())
VALIDATION_LANGUAGES: tuple[Language, ...] = (CHECKTESTDATA,)
"""Languages for input validators only (never submissions or output validators)."""


def language_for(path: Path, python: str | None = None) -> Language:
    if path.suffix == ".py":
        return PYTHON_RUNTIMES[python_runtime(python)]
    for lang in LANGUAGES:
        if path.suffix in lang.extensions or path.suffix.lower() in lang.extensions:
            return lang
    raise UnsupportedLanguage(f"{path.name}: unsupported language {path.suffix or '(none)'!r}")


def elf_static_bytes(path: Path) -> int:
    """Total in-memory size of a 64-bit ELF file's loadable segments (0 if not such a file,
    or if it is a symlink or a special file: the compiler, which wrote it, is untrusted)."""
    try:
        fd = safe_io.open_regular(path)
    except OSError:
        return 0
    with open(fd, "rb") as f:
        header = f.read(64)
        if len(header) < 64 or header[:4] != b"\x7fELF" or header[4] != 2:
            return 0
        order = "<" if header[5] == 1 else ">"
        (phoff,) = struct.unpack_from(order + "Q", header, 0x20)
        phentsize, phnum = struct.unpack_from(order + "HH", header, 0x36)
        f.seek(phoff)
        table = f.read(min(phentsize * phnum, 1 << 20))
    if phentsize < 0x30:
        return 0
    total = 0
    for i in range(len(table) // phentsize):
        p_type = struct.unpack_from(order + "I", table, i * phentsize)[0]
        if p_type == 1:  # PT_LOAD
            total += struct.unpack_from(order + "Q", table, i * phentsize + 0x28)[0]
    return total


def _copy_out(box_dir: Path, work: Path) -> None:
    """Copy what the compiler left in `box_dir` into `work`: regular files and folders,
    never through a symlink, nothing else (the compiler is untrusted work)."""
    for dirpath, dirs, files in os.walk(box_dir):
        rel = Path(dirpath).relative_to(box_dir)
        for d in dirs:
            if stat.S_ISDIR((Path(dirpath) / d).lstat().st_mode):
                (work / rel / d).mkdir(mode=0o755)
        for f in files:
            try:
                data = safe_io.read_bytes(rel / f, BUILD_OUTPUT_MIB * MIB, base=box_dir)
            except safe_io.UnsafeFile:
                continue  # a symlink, FIFO or socket the compiler made: not part of a build
            mode = (Path(dirpath) / f).lstat().st_mode
            _write_new(work / rel / f, data)
            (work / rel / f).chmod(0o755 if mode & 0o100 else 0o644)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with open(fd, "wb") as f:
        f.write(data)
    path.chmod(0o644)  # whatever the umask


def _vanished(how: str) -> RunResult:
    """A judge error: the program's build left the build cache (another judge evicted it, the
    user emptied the cache) and running it again cannot help."""
    return RunResult.judge_error(f"the program's build vanished from the build cache: {how}")


def build_cache_dir() -> Path:
    return isolation.cache_dir() / "build"


def compile_source(
    source: Path, cache_root: Path | None = None, python: str | None = None
) -> CompileResult:
    """Build one source file; a directory holding one program is accepted too: one source file
    (and perhaps headers or data files it needs), a Python package with `__main__.py`, or
    several C or C++ files compiled together (the package format's program folders)."""
    main = single_source(source)
    companions: tuple[Path, ...] = ()
    if source.is_dir():
        companions = tuple(sorted(p for p in source.iterdir() if p.is_file() and p != main))
    language = language_for(main, python)
    if isinstance(language, Native):
        together = tuple(p.name for p in companions if p.suffix in language.extensions)
        if together:
            language = replace(language, extra_sources=together)
    return language.compile(main, cache_root, companions)


def validation_script(path: Path) -> Path | None:
    """The checktestdata file an input validator is: the file itself, or the only source in a
    folder (a folder with program sources is a program of theirs). None when it is not one."""
    if not path.is_dir():
        return path if path.suffix in CHECKTESTDATA.extensions else None
    files = [p for p in path.iterdir() if p.is_file()]
    if any(_is_source(p) for p in files):
        return None
    scripts = sorted(p for p in files if p.suffix in CHECKTESTDATA.extensions)
    if len(scripts) > 1:
        raise UnsupportedLanguage(
            f"{path}: expected one program, found {len(scripts)} checktestdata files"
        )
    return scripts[0] if scripts else None


def compile_input_validator(source: Path, cache_root: Path | None = None) -> CompileResult:
    """Build an input validator: a program as `compile_source` builds one, or a checktestdata
    file (alone or alone in its folder)."""
    script = validation_script(source)
    if script is None:
        return compile_source(source, cache_root)
    return CHECKTESTDATA.compile(script, cache_root)


def single_source(path: Path) -> Path:
    if not path.is_dir():
        return path
    sources = sorted(p for p in path.iterdir() if p.is_file() and _is_source(p))
    if len(sources) == 1:
        return sources[0]
    if any(p.name == "__main__.py" for p in sources):
        return path / "__main__.py"
    suffixes = {p.suffix for p in sources}
    native = [
        lang
        for lang in LANGUAGES
        if isinstance(lang, Native) and suffixes and suffixes <= set(lang.extensions)
    ]
    if native:
        with_main = [
            p for p in sources if _MAIN.search(p.read_bytes().decode("utf-8", errors="replace"))
        ]
        if len(with_main) == 1:
            return with_main[0]
    raise UnsupportedLanguage(
        f"{path}: expected one program, found {len(sources)} source files and no single entry point"
    )


_MAIN = re.compile(r"\bmain\s*\(")


def _is_source(path: Path) -> bool:
    return any(path.suffix in lang.extensions for lang in LANGUAGES)
