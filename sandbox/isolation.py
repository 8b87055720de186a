"""What isolation this machine can give a run, and the command line that applies it.

The heavy lifting is done by maintained tools rather than hand-written namespace code:
bubblewrap (namespaces, a read-only filesystem view, a private /tmp), the distribution's
libseccomp (the syscall filter, written once as BPF) and the kernel's control groups (whole-run
accounting, sandbox/cgroups.py). The sandbox's own small init (sandbox/init.c) applies the
resource limits, the filter and the unprivileged uid in the program's process just before exec.
Whatever is missing is reported by `solver doctor` and in `Isolation.warnings`, never silently
skipped; without the init, util-linux's `prlimit` and `setpriv` stand in for it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sandbox import cgroups
from sandbox.limits import MIB, Limits

# CPU slots live in sandbox/slots.py (a first-come, first-served queue); the uid locks below
# share its machine-wide lock folder.
from sandbox.slots import LOCK_DIR, cpu_slot, cpu_slots  # noqa: F401  (re-exported)
from sandbox.slots import release as _release
from sandbox.slots import take_free_lock as _lock_free

BOX = "/box"
"""Where the program's own directory appears inside the sandbox (read-only)."""
JUDGE = "/judge"
"""Where judge files (validator inputs, feedback directory) appear inside the sandbox."""

INIT = "/.sandbox-init"
"""Where the sandbox's init (sandbox/init.c, built on first use) appears inside the sandbox."""
OOM_SHIM = "/.sandbox-oom.so"
"""Where the allocation-refusal reporter (sandbox/oomshim.c) appears inside the sandbox."""
PYTHON_PREFIX = "/.sandbox-python"
"""Where the programs' clean Python prefix (`_clean_prefix`) appears inside the sandbox."""

COPY_MAX_BYTES = 64 * MIB
COPY_MAX_ENTRIES = 1024
"""A read-only bind up to this size is copied into the sandbox's own memory instead of bound
(a bind shows its host path in /proc/self/mountinfo); a larger one is bound (docs/sandbox.md,
"What programs see")."""

NOEXEC_CAPS = ("--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP")
"""What the init of a judge that is not root needs, in its user namespace, to remount the
writable folders noexec (CAP_SYS_ADMIN) and then drop every capability, the bounding set
included (CAP_SETPCAP), before the program starts (init -x and -C)."""

UID_BASE = int(os.environ.get("SOLVER_SANDBOX_UID_BASE", "61000"))
UID_SLOTS = 256


@dataclass(frozen=True)
class Feature:
    name: str
    on: bool
    detail: str


@dataclass(frozen=True)
class Isolation:
    """The isolation tools found on this machine."""

    bwrap: str | None
    prlimit: str | None
    setpriv: str | None
    is_root: bool
    bwrap_error: str = ""
    init: str | None = None
    """The built sandbox init; without it peak memory includes the judge's own."""
    oom_shim: str | None = None
    """The built allocation-refusal reporter, preloaded into C and C++ programs."""
    features: tuple[Feature, ...] = field(default=())
    filters: dict[str, str] | None = None
    """Syscall filters (BPF files) by policy, "spawn" and "nospawn"; None without libseccomp."""
    cgroups: bool = False
    """Runs get cgroups of their own (whole-run CPU, memory and process accounting)."""
    noexec: bool = False
    """The init can make /tmp and the writable folders noexec (init -x; probed once)."""

    @property
    def namespaces(self) -> bool:
        return self.bwrap is not None

    @property
    def drops_root(self) -> bool:
        """Programs run as a dedicated unprivileged uid (the init or setpriv drops to it)."""
        return self.is_root and (self.init is not None or self.setpriv is not None)

    @property
    def warnings(self) -> list[str]:
        return [f"{f.name}: {f.detail}" for f in self.features if not f.on]


def _try_bwrap(bwrap: str, is_root: bool) -> str:
    """Run a trivial sandbox once; return '' when it works, else bubblewrap's complaint."""
    cmd = [bwrap, *_bwrap_namespace_args(is_root), "--ro-bind", "/", "/", "true"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if proc.returncode != 0:
        return proc.stderr.decode(errors="replace").strip() or f"exit code {proc.returncode}"
    return ""


_DETECT_LOCK = threading.Lock()


def detect() -> Isolation:
    """What this machine offers (probed once per process; concurrent first calls wait)."""
    with _DETECT_LOCK:
        return _detect()


@functools.lru_cache(maxsize=1)
def _detect() -> Isolation:
    is_root = os.geteuid() == 0
    bwrap = shutil.which("bwrap")
    prlimit = shutil.which("prlimit")
    setpriv = shutil.which("setpriv")
    bwrap_error = ""
    if os.environ.get("SOLVER_NO_BWRAP"):
        bwrap, bwrap_error = None, "disabled by SOLVER_NO_BWRAP"
    elif bwrap is None:
        bwrap_error = "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    else:
        bwrap_error = _try_bwrap(bwrap, is_root)
        if bwrap_error:
            bwrap = None
    if not is_root:
        setpriv = None  # only needed to drop root
    init, init_error = _build_helper("init.c", "init", ["-static"], [])
    shim, shim_error = _build_helper("oomshim.c", "oomshim", ["-shared", "-fPIC"], ["-ldl"])
    if bwrap is None and shim is not None:
        shim, shim_error = None, "needs bubblewrap"
    filters, filter_error = _build_filters()
    if os.environ.get("SOLVER_NO_SECCOMP"):
        filters, filter_error = None, "disabled by SOLVER_NO_SECCOMP"
    if init is None and filters is not None:
        filters, filter_error = None, f"needs the sandbox init ({init_error})"
    noexec = bwrap is not None and init is not None and _try_noexec(bwrap, init, is_root)
    use_cgroups, cgroup_error = cgroups.available()
    if init is None and use_cgroups:
        use_cgroups, cgroup_error = False, f"needs the sandbox init ({init_error})"
    ns_why = "bubblewrap" if bwrap else bwrap_error
    limiter = init is not None or prlimit is not None
    drops = is_root and (init is not None or setpriv is not None)
    features = (
        Feature(
            "resource limits",
            limiter,
            "CPU, memory, processes, file size, set by the sandbox init"
            if init
            else "prlimit (util-linux): CPU, memory, processes, file size"
            if prlimit
            else "neither the sandbox init nor prlimit: no CPU, memory or process limits",
        ),
        Feature(
            "network isolation",
            bwrap is not None,
            "private network namespace: only its own loopback" if bwrap else ns_why,
        ),
        Feature(
            "filesystem isolation",
            bwrap is not None,
            "only /usr, the runtimes and a minimal /etc, read-only; private size-limited "
            + (
                "noexec /tmp and writable folders"
                if noexec
                else "/tmp (exec allowed: the init cannot remount it here)"
            )
            + "; no host path of the judge's in the mount table but the interpreter's"
            + ("" if is_root else " and the writable folders'")
            + "; stdin is a pipe"
            if bwrap
            else ns_why,
        ),
        Feature(
            "process-tree cleanup",
            bwrap is not None,
            "private PID namespace: everything dies with the program or the judge"
            if bwrap
            else "no PID namespace; leftovers are killed by their sandbox user id"
            if drops
            else "no PID namespace; daemonized children may survive",
        ),
        Feature(
            "ipc/uts isolation",
            bwrap is not None,
            "private IPC and hostname namespaces" if bwrap else ns_why,
        ),
        Feature(
            "exact accounting",
            init is not None,
            "CPU time and peak memory from wait4 in a sandbox init the program cannot "
            + ("reach (root, not dumpable)" if is_root else "reach (not dumpable)")
            if init
            else f"{init_error}; peak memory is no lower than the judge's own",
        ),
        Feature(
            "syscall filter",
            filters is not None,
            "seccomp: no new processes for submissions (threads yes), no ptrace, keyrings, "
            "namespaces, mount, io_uring, perf, userfaultfd, bpf, memfd, SysV IPC, POSIX "
            "message queues"
            if filters
            else f"{filter_error}; programs may fork, ptrace and use keyrings",
        ),
        Feature(
            "run accounting",
            use_cgroups,
            "cgroups for runs that may start processes and for Java and PyPy: CPU, memory (a hard "
            "limit) and processes of the whole run"
            if use_cgroups
            else f"{cgroup_error}; only reaped processes are counted",
        ),
        Feature(
            "refused allocations",
            shim is not None,
            "a C/C++ allocation refused at the memory limit is reported, so a crash on NULL is MLE"
            if shim
            else f"{shim_error}; a C/C++ crash on a refused allocation is judged RTE",
        ),
        Feature(
            "unprivileged user",
            (not is_root) or drops,
            f"programs run as uid {UID_BASE}+slot, not root"
            if drops
            else "the judge itself is not root"
            if not is_root
            else "no init and no setpriv: programs would run as root",
        ),
        Feature(
            "process limit",
            drops and limiter,
            "RLIMIT_NPROC on a dedicated uid per concurrent run"
            if drops and limiter
            else "RLIMIT_NPROC counts all processes of the judge's own user, so it is "
            "only approximate when the judge is not root",
        ),
    )
    return Isolation(
        bwrap,
        prlimit,
        setpriv,
        is_root,
        bwrap_error,
        init,
        shim,
        features,
        filters,
        use_cgroups,
        noexec,
    )


def _try_noexec(bwrap: str, init: str, is_root: bool) -> bool:
    """Whether the init can remount the sandbox's /tmp noexec here (and, without root, drop the
    capabilities bubblewrap gave it for that): a setuid bubblewrap refuses `--cap-add` to a
    judge that is not root, and an old init has no -x."""
    cmd = [
        bwrap,
        *_bwrap_namespace_args(is_root),
        *([] if is_root else NOEXEC_CAPS),
        "--ro-bind",
        "/",
        "/",
        "--tmpfs",
        "/tmp",
        init,
        "-x",
        "/tmp",
        *([] if is_root else ["-C"]),
        "--",
        "true",
    ]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _build_filters() -> tuple[dict[str, str] | None, str]:
    """Write the syscall filter of each policy once per generator build; (paths, why not)."""
    generator, error = _build_helper("seccomp.c", "seccomp", [], ["-lseccomp"])
    if generator is None:
        return None, (
            f"{error} (Debian/Ubuntu: apt-get install libseccomp-dev)"
            if "seccomp" in error
            else error
        )
    paths: dict[str, str] = {}
    for policy in ("nospawn", "spawn"):
        target = Path(f"{generator}.{policy}.bpf")
        if not target.exists():
            fd, tmp = tempfile.mkstemp(prefix="seccomp-", suffix=".tmp", dir=target.parent)
            try:
                proc = subprocess.run(
                    [generator, policy], stdout=fd, stderr=subprocess.PIPE, timeout=60
                )
            finally:
                os.close(fd)
            if proc.returncode != 0 or os.path.getsize(tmp) == 0:
                os.unlink(tmp)
                return (
                    None,
                    f"writing the {policy} filter failed: "
                    f"{proc.stderr.decode(errors='replace').strip()}",
                )
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        paths[policy] = str(target)
    return paths, ""


def _build_helper(
    source_name: str, stem: str, flags: list[str], libs: list[str]
) -> tuple[str | None, str]:
    """Build one of the sandbox's own C helpers once per content into the cache; return
    (path, why not). `flags` are tried first and dropped if the toolchain refuses them (the
    init is static when the C library allows it: no loader mappings, the lowest floor)."""
    source = Path(__file__).with_name(source_name)
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        return None, f"no C compiler to build {source_name}"
    digest = hashlib.sha256(source.read_bytes() + " ".join(flags).encode()).hexdigest()[:16]
    target = cache_dir() / f"{stem}-{digest}"
    if target.exists():
        return str(target), ""
    target.parent.mkdir(parents=True, exist_ok=True)
    # A private temporary name: other processes may be building the same helper right now.
    fd, tmp_name = tempfile.mkstemp(prefix=f"{stem}-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    error: list[str] = []
    for extra in (flags, [f for f in flags if f != "-static"]):
        proc = subprocess.run(
            [compiler, "-O2", *extra, "-o", str(tmp), str(source), *libs],
            capture_output=True,
            timeout=120,
        )
        if proc.returncode == 0:
            tmp.chmod(0o755)
            tmp.replace(target)
            return str(target), ""
        error = proc.stderr.decode(errors="replace").strip().splitlines()[-1:]
    tmp.unlink(missing_ok=True)
    return None, f"building {source_name} failed: {' '.join(error)}"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "solver"


def _bwrap_namespace_args(is_root: bool) -> list[str]:
    args = [
        "--unshare-ipc",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--as-pid-1",
    ]
    # Unprivileged bubblewrap needs a user namespace; as root we keep the host's ids and drop
    # to a real unprivileged uid with setpriv instead, because the kernel exempts uid 0 (also
    # when merely mapped inside a user namespace) from RLIMIT_NPROC.
    if not is_root:
        args.insert(0, "--unshare-user")
    return args


@dataclass(frozen=True)
class Bind:
    source: Path
    target: str
    writable: bool = False


ETC_ENTRIES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "java-*",
    "jvm",
    "python3*",
    "localtime",
    "nsswitch.conf",
)
"""What programs need of /etc: the loader's cache, the alternatives symlinks (java, cc, ...)
and the JDK's configuration they lead to, Python's Debian configuration, the time zone. Not
/etc as a whole: it holds the host's secrets and its users."""


@functools.lru_cache(maxsize=1)
def _system_binds() -> tuple[str, ...]:
    """The system as programs see it: /usr and the lib/bin links, read-only, and a minimal
    /etc. Not /opt, /home, /srv, /var, /root: a problem package or the user's files there are
    out of sight."""
    args: list[str] = []
    if os.path.isdir("/usr"):
        args += ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    args += ["--perms", "0755", "--dir", "/etc"]
    for pattern in ETC_ENTRIES:
        for entry in sorted(Path("/etc").glob(pattern)):
            args += ["--ro-bind", str(entry), str(entry)]
    return tuple(args)


@dataclass
class Copies:
    """Host files that bubblewrap copies into the sandbox's own memory (a tmpfs) rather than
    binds: a bind's source path shows in the sandbox's /proc/self/mountinfo, and the judge's
    cache folder, its scratch folders and the user's home are no business of a program. The
    descriptors stay open until the sandbox has started: the caller passes `fds` to it and
    closes them afterwards."""

    fds: list[int] = field(default_factory=list)

    def open(self, path: Path | str) -> str:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)  # pass_fds makes it inheritable
        self.fds.append(fd)
        return str(fd)

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds.clear()


def _users_args(copies: Copies) -> list[str]:
    for _attempt in range(2):
        users = _users_file(cache_dir())
        if users is None:
            return []
        try:
            return [
                *("--perms", "0444", "--ro-bind-data", copies.open(users[0]), "/etc/passwd"),
                *("--perms", "0444", "--ro-bind-data", copies.open(users[1]), "/etc/group"),
            ]
        except OSError:
            _users_file.cache_clear()  # the cache folder was emptied: write them again
    return []


def _copy_args(copies: Copies, source: Path, target: str) -> list[str] | None:
    """bubblewrap arguments that copy the file or folder `source` to `target`, read-only:
    a file as a read-only bind of a copy, a folder as a tmpfs of copies remounted read-only.
    None when it is too large to copy per run (COPY_MAX_BYTES, COPY_MAX_ENTRIES), holds
    anything but files, folders and symbolic links, or cannot be read: then it is bound."""
    try:
        top = source.stat()  # a bind follows a symbolic link given as its source, so does this
        if stat.S_ISREG(top.st_mode):
            if top.st_size > COPY_MAX_BYTES:
                return None
            return ["--perms", _mode(top), "--ro-bind-data", copies.open(source), target]
        if not stat.S_ISDIR(top.st_mode):
            return None
        entries: list[tuple[Path, os.stat_result]] = []
        total = 0
        for folder, dirs, files in os.walk(source):
            dirs.sort()
            for name in [*dirs, *sorted(files)]:
                path = Path(folder, name)
                st = path.lstat()
                if not (
                    stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode) or stat.S_ISLNK(st.st_mode)
                ):
                    return None
                total += st.st_size if stat.S_ISREG(st.st_mode) else 0
                entries.append((path, st))
                if total > COPY_MAX_BYTES or len(entries) > COPY_MAX_ENTRIES:
                    return None
        args = ["--perms", "0555", "--tmpfs", target]
        for path, st in entries:
            inside = f"{target}/{path.relative_to(source)}"
            if stat.S_ISLNK(st.st_mode):
                args += ["--symlink", os.readlink(path), inside]
            elif stat.S_ISDIR(st.st_mode):
                args += ["--perms", "0555", "--dir", inside]
            else:
                args += ["--perms", _mode(st), "--file", copies.open(path), inside]
        return [*args, "--remount-ro", target]
    except OSError:
        return None  # vanished or unreadable: bound, and the run finds what is there


def _mode(st: os.stat_result) -> str:
    """Readable by the sandbox's uid, executable where the host file is, writable by none."""
    return "0555" if st.st_mode & 0o111 else "0444"


@functools.lru_cache(maxsize=4)
def _users_file(cache: Path) -> tuple[Path, Path] | None:
    """A passwd and group naming only root, nobody and the sandbox uids (not the host's),
    written once into `cache` (making them costs 0.5 ms: not per run)."""
    lines = [
        "root:x:0:0:root:/root:/usr/sbin/nologin",
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
        *(
            f"sandbox{UID_BASE + i}:x:{UID_BASE + i}:{UID_BASE + i}::/tmp:/usr/sbin/nologin"
            for i in range(UID_SLOTS)
        ),
    ]
    groups = [f"{name}:x:{uid}:" for name, _, uid, *_ in (line.split(":") for line in lines)]
    made: list[Path] = []
    for stem, text in (("passwd", lines), ("group", groups)):
        content = "\n".join(text) + "\n"
        digest = hashlib.sha256(content.encode()).hexdigest()[:16]
        target = cache / f"etc-{stem}-{digest}"
        if not target.exists():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f"etc-{stem}-", dir=target.parent)
                with os.fdopen(fd, "w") as f:
                    f.write(content)
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
            except OSError:
                return None
        made.append(target)
    return made[0], made[1]


def python_executable() -> str:
    """The interpreter programs run under: the judge's own base interpreter, started from a
    clean prefix of its own (see `_clean_prefix`) when one can be made. Not cached itself: the
    prefix lives in the cache folder, which XDG_CACHE_HOME may move (`_clean_prefix` is cached
    per folder)."""
    override = os.environ.get("SOLVER_PYTHON")
    if override:
        return override
    base = _base_python()
    return _clean_prefix(base, cache_dir()) or base


def _base_python() -> str:
    return os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)


@functools.lru_cache(maxsize=4)
def _clean_prefix(base: str, cache: Path) -> str | None:
    """A virtual environment of `base` whose only site folder names the base's site folders
    as plain paths: programs import what is installed there, but the base's `.pth` start-up
    hooks (certifi patches, setuptools' distutils shim, ...) never run in a sandboxed program.
    They are the host's code, not the program's, and cost every Python run the time to import
    what they import (25 ms per run on a machine whose certifi hook imports importlib.resources).
    Returns the environment's interpreter, None where it cannot be made."""
    # `base` is this judge's own base interpreter: its site folders are ours without the venv.
    paths = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_exec_prefix})
    major, minor, full = sys.version_info[0], sys.version_info[1], sys.version.split()[0]
    sites = list(dict.fromkeys([paths["purelib"], paths["platlib"]]))
    key = hashlib.sha256("\0".join([base, full, *sites]).encode()).hexdigest()[:12]
    root = cache / f"python-{key}"
    if any(
        Path(os.path.realpath(root.parent)).is_relative_to(hidden)
        for hidden in ("/tmp", "/dev", "/proc")
    ):
        return None  # the sandbox's own /tmp, /dev and /proc would hide it from the program
    python = root / "bin" / "python3"
    if python.exists():
        return str(python)
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="python-", dir=root.parent))
        (tmp / "bin").mkdir()
        (tmp / "bin" / "python3").symlink_to(base)
        site = tmp / "lib" / f"python{major}.{minor}" / "site-packages"
        site.mkdir(parents=True)
        (site / "host-site.pth").write_text("".join(f"{d}\n" for d in sites))
        (tmp / "pyvenv.cfg").write_text(
            f"home = {os.path.dirname(base)}\n"
            "include-system-site-packages = false\n"
            f"version = {full}\n"
        )
        for path in (tmp, tmp / "bin", tmp / "lib", site.parent, site):
            path.chmod(0o755)
        (site / "host-site.pth").chmod(0o644)
        (tmp / "pyvenv.cfg").chmod(0o644)
        try:
            tmp.rename(root)
        except OSError:  # another judge made it first
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        return None
    return str(python) if python.exists() else None


def _runtime_args(copies: Copies) -> tuple[list[str], dict[str, str]]:
    """Directories outside the system ones that interpreters live in (pyenv, conda, ...), and
    the programs' clean Python prefix: built inside the sandbox at PYTHON_PREFIX from copies of
    its two files, so that the judge's cache folder does not show. Returns the arguments and
    the host paths that commands must name by their inside path instead.

    The base interpreter's own folder is bound where it is on the host: it is too large to copy
    per run, and its path is written into its own files anyway (the binary's RUNPATH, the
    sysconfig data), which the program must be able to read (docs/sandbox.md)."""
    args: list[str] = []
    inside: dict[str, str] = {}
    roots = {os.path.realpath(sys.base_prefix)}
    python = python_executable()
    base = _base_python()
    clean = None if os.environ.get("SOLVER_PYTHON") else _clean_prefix(base, cache_dir())
    prefix = Path(python).parent.parent
    site = prefix / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    if clean is not None and python == clean:
        try:
            cfg, pth = copies.open(prefix / "pyvenv.cfg"), copies.open(site / "host-site.pth")
        except OSError:
            cfg = pth = ""
        if cfg:
            site_inside = f"{PYTHON_PREFIX}/{site.relative_to(prefix)}"
            for folder in (PYTHON_PREFIX, f"{PYTHON_PREFIX}/bin", *_parents(site_inside)):
                args += ["--perms", "0755", "--dir", folder]
            args += ["--symlink", base, f"{PYTHON_PREFIX}/bin/python3"]
            args += ["--perms", "0444", "--file", cfg, f"{PYTHON_PREFIX}/pyvenv.cfg"]
            args += ["--perms", "0444", "--file", pth, f"{site_inside}/host-site.pth"]
            inside[python] = f"{PYTHON_PREFIX}/bin/python3"
    if python not in inside:
        roots.add(str(prefix))
    for root in sorted(roots):
        if root.startswith("/usr/") or root == "/usr":
            continue
        # bubblewrap would copy the modes of the host's parents (/root is 0700): open them up
        # just enough for the unprivileged program to reach the interpreter.
        for parent in reversed(Path(root).parents[:-1]):
            args += ["--perms", "0755", "--dir", str(parent)]
        args += ["--ro-bind", root, root]
    return args, inside


def _parents(path: str) -> list[str]:
    """The folders from PYTHON_PREFIX down to `path`, outermost first, `path` included."""
    rel = Path(path).relative_to(PYTHON_PREFIX)
    return [f"{PYTHON_PREFIX}/{Path(*rel.parts[: i + 1])}" for i in range(len(rel.parts))]


def sandbox_env() -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def init_limits(limits: Limits, uid: int | None) -> list[str]:
    """The resource limits of one run, as `NAME=VALUE` for the sandbox init (and prlimit).

    The stack is unlimited (its growth still counts against the address space): a finite
    RLIMIT_STACK is also the C library's default stack for every new thread, and one the size
    of the memory limit left no room for a second thread.
    """
    values = [
        f"cpu={limits.cpu_kill_s}",
        "core=0",
        f"fsize={limits.scratch_mib * MIB}",
        "stack=unlimited",
        "nofile=256",
    ]
    if limits.address_space:
        values.append(f"as={limits.memory_mib * MIB}")
    if uid is not None:
        # Only meaningful on a dedicated uid: otherwise it counts the judge's user's processes.
        values.append(f"nproc={limits.processes}")
    return values


def command(
    iso: Isolation,
    argv: list[str],
    limits: Limits,
    *,
    uid: int | None,
    binds: list[Bind],
    scratch: Path | None,
    cwd: str | None = None,
    report_fd: int | None = None,
    env: dict[str, str] | None = None,
    filter_fd: int | None = None,
    cgroup_fds: tuple[int, ...] = (),
    server: bool = False,
    copies: Copies,
    box_fd: int | None = None,
) -> list[str]:
    """Wrap `argv` so that it runs under `limits` with every isolation `iso` offers.

    With bubblewrap the program sees the system read-only, its own directory at /box, judge files
    at /judge, and a private, size-limited /tmp as its working directory. Without it, `scratch`
    (a host directory the caller removes afterwards) is the working directory. `report_fd` is the
    inherited descriptor the sandbox init writes the program's resource usage to, `filter_fd` an
    inherited descriptor of the syscall filter to load, `cgroup_fds` the run's open
    cgroup `tasks` files.

    `server` (only with the init and a sandbox `uid`): the program is the judge's own fork
    server (solver/drivers/forkserve.py), which stays root inside the sandbox, so that the
    children it starts under `uid` cannot signal, trace or limit it (see docs/sandbox.md,
    "The warm executor"); it learns `uid` from the SOLVER_CHILD_UID variable.

    `copies` collects the descriptors of the files bubblewrap copies into the sandbox (the
    program's folder, judge files, the init, ...: `Copies`); the caller passes them to the
    sandbox and closes them.

    `box_fd` (with `can_box`): the sandbox is a box reused across runs (sandbox/box.py): its
    init serves the runs it is sent on that socket, each with the arguments of `box_run_args`;
    the command ends `INIT -S FD -- ARGV`, where ARGV is `argv` as the program sees it.
    """
    cmd: list[str] = []
    wrapped = iso.init is not None and (report_fd is not None or box_fd is not None)
    noexec = wrapped and iso.bwrap is not None and iso.noexec
    server = server and wrapped and uid is not None
    if server:
        env = {**(env or {}), "SOLVER_CHILD_UID": str(uid)}
    if not wrapped and iso.prlimit:
        cmd += [iso.prlimit, *(f"--{v}" for v in init_limits(limits, uid)), "--"]
    if iso.bwrap:
        runtime, inside = _runtime_args(copies)
        argv = [inside.get(a, a) for a in argv]
        if uid is not None:
            caps: tuple[str, ...] = ()  # the init (or setpriv) drops root; the program has none
        elif (noexec or box_fd is not None) and not iso.is_root:
            caps = NOEXEC_CAPS  # for the init's -x and a box's namespaces; it drops them (-C)
        else:
            caps = ("--cap-drop", "ALL")
        cmd += [
            iso.bwrap,
            *_bwrap_namespace_args(iso.is_root),
            *caps,
            *_system_binds(),
            *_users_args(copies),
            *runtime,
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--perms",
            "1777",
            "--size",
            str(limits.scratch_mib * MIB),
            "--tmpfs",
            "/tmp",
        ]
        if iso.init:
            cmd += ["--perms", "0555", "--ro-bind-data", copies.open(iso.init), INIT]
        if iso.oom_shim:
            cmd += ["--perms", "0444", "--ro-bind-data", copies.open(iso.oom_shim), OOM_SHIM]
        made: set[str] = set()
        for b in binds:
            # Create the targets' parents world-readable: bubblewrap would otherwise copy the
            # modes of the source's parents, which may be private.
            for parent in reversed(Path(b.target).parents[:-1]):
                if str(parent) not in made:
                    made.add(str(parent))
                    cmd += ["--perms", "0755", "--dir", str(parent)]
            copied = None if b.writable else _copy_args(copies, b.source, b.target)
            cmd += copied or ["--bind" if b.writable else "--ro-bind", str(b.source), b.target]
        cmd += ["--chdir", cwd or "/tmp", "--clearenv"]
        for key, value in {**sandbox_env(), **(env or {})}.items():
            cmd += ["--setenv", key, value]
    if wrapped and box_fd is not None:
        return [*cmd, INIT, "-S", str(box_fd), "--", *argv]
    if wrapped:
        assert iso.init is not None and report_fd is not None
        # The scratch folder and the writable folders: nothing written there runs.
        # (bubblewrap has no option for it; the init holds CAP_SYS_ADMIN in its user
        # namespace, as root or through NOEXEC_CAPS, and drops it before exec.)
        targets = ["/tmp", *(b.target for b in binds if b.writable)] if noexec else []
        cmd.append(INIT if iso.bwrap else iso.init)
        cmd += _init_args(
            iso,
            limits,
            uid=uid,
            switch_uid=not server,
            report_fd=report_fd,
            filter_fd=filter_fd,
            cgroup_fds=cgroup_fds,
            noexec=targets,
            drop_caps=noexec and not iso.is_root and uid is None,
        )
    elif uid is not None and iso.setpriv:
        cmd += [
            iso.setpriv,
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--",
        ]
    if not iso.bwrap:
        cmd += ["env", "-i", *(f"{k}={v}" for k, v in {**sandbox_env(), **(env or {})}.items())]
        if scratch is not None:
            cmd += [f"TMPDIR={scratch}", f"HOME={scratch}"]
    return cmd + argv


def _init_args(
    iso: Isolation,
    limits: Limits,
    *,
    uid: int | None,
    report_fd: int,
    filter_fd: int | None,
    switch_uid: bool = True,
    cgroup_fds: tuple[int, ...] = (),
    noexec: list[str] | tuple[str, ...] = (),
    drop_caps: bool = False,
    fresh_bytes: int | None = None,
) -> list[str]:
    """The sandbox init's options for one run (sandbox/init.c), up to and including `--`.
    `switch_uid` False: the program (the fork server) stays root, though limited as `uid`."""
    args = ["-r", str(report_fd)]
    if fresh_bytes is not None:
        args += ["-F", str(fresh_bytes)]
    if uid is not None and switch_uid:
        args += ["-u", str(uid)]
    if filter_fd is not None:
        args += ["-s", str(filter_fd)]
    for fd in cgroup_fds:
        args += ["-c", str(fd)]
    for target in noexec:
        args += ["-x", target]
    if drop_caps:
        args.append("-C")
    for value in init_limits(limits, uid):
        args += ["-l", value]
    return [*args, "-t", str(round(limits.cpu_timer_s * 1e6)), "--"]


def can_box(iso: Isolation) -> bool:
    """Whether runs can share a box here: it takes bubblewrap, the init, and the capability to
    make namespaces and mounts inside the sandbox (what `noexec` probed). SOLVER_NO_BOX turns
    boxes off (every run starts a sandbox of its own)."""
    return (
        iso.bwrap is not None
        and iso.init is not None
        and iso.noexec
        and not os.environ.get("SOLVER_NO_BOX")
    )


def box_run_args(iso: Isolation, argv: list[str], limits: Limits, *, uid: int | None) -> list[str]:
    """The init's arguments for one run in a box (`command(box_fd=...)`), whose descriptors
    arrive as 0-4: stdin, stdout, stderr, the report, the syscall filter (every boxed run has
    one). `argv` as the program sees it (the tail of the box's command). The run's /tmp is its
    own, noexec (-F)."""
    return [
        *_init_args(
            iso,
            limits,
            uid=uid,
            report_fd=3,
            filter_fd=4,
            drop_caps=not iso.is_root and uid is None,
            fresh_bytes=limits.scratch_mib * MIB,
        ),
        *argv,
    ]


def host_path(iso: Isolation, bind: Bind) -> str:
    """The path a bound file has from the program's point of view."""
    return bind.target if iso.bwrap else str(bind.source)


@contextmanager
def uid_slot(iso: Isolation) -> Iterator[int | None]:
    """Hold a sandbox uid no other run (in this or another judge process) is using.

    A dedicated uid per concurrent run keeps RLIMIT_NPROC per run and makes "kill everything this
    uid owns" a safe way to clean up.
    """
    if not iso.drops_root:
        yield None
        return
    taken = _lock_free([f"{UID_BASE + slot}.lock" for slot in range(UID_SLOTS)])
    if taken is None:
        raise RuntimeError(f"all {UID_SLOTS} sandbox uids are busy")
    try:
        yield UID_BASE + taken[0]
    finally:
        _release(taken[1])
