"""Inside the sandbox: run one Python program on many inputs from a warm interpreter.

Usage: python forkserve.py '{"program": "program.py", "inputs": 12, "time_s": 2.0, ...}'
The program and its inputs (`input-0.txt`, `input-1.txt`, ...) lie beside this file. The
program is compiled once here; each input gets a forked child that sets the per-run limits,
rebuilds standard streams the way the interpreter's own start-up does, and runs the code as
`__main__`. Children run one at a time. For each finished input one JSON line is printed:
{"i", "exit_code", "signal", "cpu_s", "memory_mib", "wall_s", "stdout" (base64),
"stderr" (base64, the kept part), "wall_exceeded", "output_exceeded"}, then a last line
{"done": REASON} where REASON is "all", "deadline", "output budget" or "failed: WHY" (the
batch could not go on as it should: a run's process survived, or the scratch folder could not
be emptied). Results go to a descriptor no child holds: a child cannot write one.

Everything a child could observe of this process is kept to what a fresh interpreter would
show: no extra threads, no buffered output, the modules below already imported.
"""

# Imported once here so that children find them in sys.modules: the start-up cost a warm
# interpreter saves. Only the standard library that contest programs commonly use.
import array
import atexit
import base64
import bisect
import collections
import contextlib
import ctypes
import decimal
import fractions
import functools
import heapq
import io
import itertools
import json
import math
import operator
import os
import random
import re
import resource
import selectors
import shutil
import signal
import stat
import string
import sys
import threading
import time
import types
import typing

_ = (
    array,
    bisect,
    collections,
    decimal,
    fractions,
    functools,
    heapq,
    itertools,
    math,
    operator,
    re,
    shutil,
    string,
    typing,
)

MIB = 1024 * 1024
READ_CHUNK = 65536
spec = json.loads(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
started = time.monotonic()


def _deadline() -> float:
    """When to stop. The judge's monotonic clock is this one (the sandbox has no time
    namespace), so its absolute deadline also covers the wait for a run slot and the sandbox's
    start; `deadline_s` (seconds left when the judge launched it) is the fallback for a clock
    that does not match."""
    left = float(spec["deadline_s"])
    absolute = float(spec.get("deadline_monotonic", -1e18)) - started
    return started + (max(absolute, 0.0) if -60.0 < absolute <= left + 0.5 else left)


deadline = _deadline()
process_filter = None
results_fd = os.dup(1)
os.set_inheritable(results_fd, False)
# Set by the judge when this process is the sandbox's root (the judge runs as root): children
# then run under this uid, which cannot signal, trace or limit a root process. Not a child's
# business: removed from the environment they inherit.
_uid_text = os.environ.pop("SOLVER_CHILD_UID", "")
child_uid = int(_uid_text) if _uid_text.isdigit() else None
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36


def _not_dumpable() -> None:
    # Without this, children sharing this process's uid (a judge that is not root) could open
    # /proc/<parent>/fd and write results of their own.
    with contextlib.suppress(OSError, AttributeError):
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0


class _ArgCmp(ctypes.Structure):
    _fields_ = (
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    )


def _child_filter(spawn: bool) -> object:
    """A seccomp filter (libseccomp; built once here, loaded in each child).

    Always, whatever the uids: the child cannot signal this process, limit it, reprioritise it
    or open a pidfd on it; it cannot leave the process group it starts in (setpgid, setsid),
    so everything it starts is killed with that group, and `kill` reaches no group but its own
    (no negative target: not -1, not another group); it cannot send a signal through a pidfd
    (a /proc/<pid> folder is one), nor make I/O signal another process (F_SETOWN,
    F_SETOWN_EX, FIOSETOWN, SIOCSPGRP). When the judge is root this is a second wall: this
    process is root and the children are not, so the kernel refuses all of it already.
    Without `spawn`, as a run without it is refused: fork, vfork and clone without
    CLONE_THREAD fail with EPERM; clone3 reports ENOSYS so the C library falls back to clone,
    which threads may still use. None when libseccomp is missing.
    """
    try:
        lib = ctypes.CDLL("libseccomp.so.2")
    except OSError:
        return None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = (ctypes.c_uint32,)
    lib.seccomp_rule_add_array.argtypes = (
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.POINTER(_ArgCmp),
    )
    lib.seccomp_syscall_resolve_name.argtypes = (ctypes.c_char_p,)
    lib.seccomp_load.argtypes = (ctypes.c_void_p,)
    ctx = lib.seccomp_init(0x7FFF0000)  # SCMP_ACT_ALLOW
    if not ctx:
        return None

    def deny(name: bytes, errno_: int, *cmp: _ArgCmp) -> bool:
        number = lib.seccomp_syscall_resolve_name(name)
        if number < 0:
            return True  # not on this architecture
        array = (_ArgCmp * max(len(cmp), 1))(*cmp)
        return (
            lib.seccomp_rule_add_array(ctx, 0x00050000 | errno_, number, len(cmp), array) == 0
        )  # SCMP_ACT_ERRNO

    def first_arg_is(value: int) -> _ArgCmp:
        # pid_t is 32 bits: compare the low half only (SCMP_CMP_MASKED_EQ).
        return _ArgCmp(0, 7, 0xFFFFFFFF, value & 0xFFFFFFFF)

    eperm, enosys = 1, 38
    me, my_group = os.getpid(), os.getpgid(0)
    ok = all(
        deny(name, eperm, first_arg_is(me))
        for name in (
            b"kill",
            b"tkill",
            b"tgkill",
            b"rt_sigqueueinfo",
            b"rt_tgsigqueueinfo",
            b"pidfd_open",
            b"prlimit64",
        )
    )
    negative = _ArgCmp(0, 7, 0x80000000, 0x80000000)  # (int) arg0 < 0: a group, or -1

    def arg_is(index: int, value: int) -> _ArgCmp:
        return _ArgCmp(index, 4, value, 0)  # SCMP_CMP_EQ

    ok = (
        ok
        and deny(b"kill", eperm, negative)
        and deny(b"kill", eperm, first_arg_is(-my_group))
        and all(deny(name, eperm) for name in (b"setpgid", b"setsid", b"pidfd_send_signal"))
        and all(deny(b"fcntl", eperm, arg_is(1, cmd)) for cmd in (8, 15))  # F_SETOWN(_EX)
        and all(deny(b"ioctl", eperm, arg_is(1, req)) for req in (0x8901, 0x8902))
        and all(
            deny(name, eperm, first_arg_is(me))
            for name in (b"sched_setaffinity", b"sched_setscheduler", b"sched_setparam")
        )
        and deny(b"setpriority", eperm, _ArgCmp(1, 7, 0xFFFFFFFF, me))
        and deny(b"setpriority", eperm, _ArgCmp(0, 1, 0, 0))  # a group or a user: != PROCESS
        and deny(b"ioprio_set", eperm, _ArgCmp(1, 7, 0xFFFFFFFF, me))
        and deny(b"ioprio_set", eperm, _ArgCmp(0, 1, 1, 0))  # != IOPRIO_WHO_PROCESS
    )
    if not spawn:
        no_thread = _ArgCmp(0, 7, 0x00010000, 0)  # (flags & CLONE_THREAD) == 0
        ok = (
            ok
            and deny(b"fork", eperm)
            and deny(b"vfork", eperm)
            and deny(b"clone", eperm, no_thread)
            and deny(b"clone3", enosys)
        )
    if not ok:
        return None
    # Exported once as BPF and loaded in each child with prctl: libseccomp's seccomp_load
    # would generate the whole program again in every child.
    read_end, write_end = os.pipe()
    try:
        lib.seccomp_export_bpf.argtypes = (ctypes.c_void_p, ctypes.c_int)
        exported = lib.seccomp_export_bpf(ctx, write_end) == 0
        os.close(write_end)
        data = b""
        while chunk := os.read(read_end, 65536):
            data += chunk
    finally:
        os.close(read_end)
    if not exported or not data or len(data) % 8:
        return None
    program = ctypes.create_string_buffer(data, len(data))
    return program, _SockFprog(len(data) // 8, ctypes.cast(program, ctypes.c_void_p))


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


def _emit(record: dict) -> int:
    data = (json.dumps(record) + "\n").encode()
    view = memoryview(data)
    while view:
        view = view[os.write(results_fd, view) :]
    return len(data)


def _stdio(fd: int, write: bool, like: io.TextIOWrapper) -> io.TextIOWrapper:
    """A standard stream as the interpreter's start-up makes it (see create_stdio in
    Python/pylifecycle.c): buffered, no newline translation, stderr line-buffered."""
    buffer = open(fd, "wb" if write else "rb", buffering=-1, closefd=False)  # noqa: SIM115
    stream = io.TextIOWrapper(
        buffer,
        encoding=like.encoding,
        errors=like.errors,
        newline="\n",
        line_buffering=fd == 2,
        write_through=False,
    )
    stream.mode = "w" if write else "r"
    return stream


def _exit_status(exc: SystemExit) -> int:
    # As the interpreter handles an uncaught SystemExit.
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(Exception):
        print(code, file=sys.stderr)
    return 1


def _child(code: object, path: str, input_path: str, out_w: int, err_w: int) -> None:
    """Runs in the forked child; never returns."""
    status = 1
    try:
        os.setpgid(0, 0)
        cpu_kill = math.ceil(float(spec["time_s"]) + 0.5)
        # A program's limit may exceed the batch's own (a brute force gets 5x the time limit,
        # the batch only what is left of the stress time): the hard limit cannot be raised,
        # and the batch's deadline stops the child before the batch's CPU limit anyway.
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        if hard != resource.RLIM_INFINITY:
            cpu_kill = min(cpu_kill, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_kill, cpu_kill))
        if spec["address_space"]:
            memory = int(spec["memory_mib"]) * MIB
            # The stack stays unlimited, as in a sandbox run (docs/sandbox.md): its growth
            # counts against the address space, and threads get the C library's default.
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        in_fd = os.open(input_path, os.O_RDONLY)
        if child_uid is not None:
            # This process is root: become the children's uid for good (every capability goes
            # with it), with the run's own process limit on that uid, which only this batch
            # uses. The uid change clears the parent-death signal: set it again.
            processes = int(spec["processes"])
            resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
            os.setgroups([])
            os.setresgid(child_uid, child_uid, child_uid)
            os.setresuid(child_uid, child_uid, child_uid)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
                os._exit(125)
        os.dup2(in_fd, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in (in_fd, out_w, err_w):
            os.close(fd)
        like_in, like_out, like_err = sys.__stdin__, sys.__stdout__, sys.__stderr__
        sys.stdin = sys.__stdin__ = _stdio(0, False, like_in)
        sys.stdout = sys.__stdout__ = _stdio(1, True, like_out)
        sys.stderr = sys.__stderr__ = _stdio(2, True, like_err)
        atexit._clear()
        random.seed()  # a fresh interpreter would not share its parent's random state
        if process_filter is not None and libc.prctl(
            22,
            2,
            ctypes.byref(process_filter[1]),
            0,
            0,  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        ):
            os._exit(126)
        main = types.ModuleType("__main__")
        main.__file__ = path
        main.__cached__ = None
        main.__builtins__ = __builtins__
        sys.modules["__main__"] = main
        sys.argv = [path]
    except BaseException:
        os._exit(125)
    try:
        if isinstance(code, BaseException):
            raise code
        exec(code, main.__dict__)
        status = 0
    except SystemExit as exc:
        status = _exit_status(exc)
    except BaseException as exc:
        # Through sys.excepthook, as the interpreter does, without this module's own frame.
        tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
        sys.excepthook(type(exc), exc, tb)
        status = 1
    # What the interpreter does on its way out: wait for threads, atexit, flush.
    with contextlib.suppress(BaseException):
        threading._shutdown()
    with contextlib.suppress(BaseException):
        atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            if stream is sys.stdout and status == 0:
                status = 120
    os._exit(status)


def _remove(path: str) -> None:
    """Remove `path` whatever modes a run left on it: a folder is made searchable and writable
    first (its owner, or root, may always do that), so `chmod 000` hides nothing."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        os.unlink(path)
        return
    os.chmod(path, 0o700)
    for name in os.listdir(path):
        _remove(os.path.join(path, name))
    os.rmdir(path)


def _clear_scratch() -> str | None:
    """Empty the working directory (the sandbox's private /tmp, the only writable folder)
    after each run: the next run finds it as a fresh run would, empty, and its size limit is
    for one run. Returns why it could not be emptied (the batch then stops: the judge's
    failure, never carried into the next run), None when it is empty."""
    scratch = os.getcwd()
    try:
        for name in os.listdir(scratch):
            _remove(os.path.join(scratch, name))
        left = os.listdir(scratch)
    except (OSError, RecursionError) as exc:
        return f"cannot empty the scratch folder: {exc}"
    return f"cannot empty the scratch folder: {left[:3]} remain" if left else None


def _end_leftovers(pid: int) -> bool:
    """Kill and reap whatever the child started (this process is their subreaper, so every
    orphan of the run comes here). False when something survives: the batch stops."""
    for attempt in range(200):
        try:
            while True:
                got, _ = os.waitpid(-1, os.WNOHANG)
                if got == 0:
                    break
        except ChildProcessError:
            return True  # nothing of the run is left
        if child_uid is not None:
            _kill_uid(child_uid)
        else:
            _kill(pid)  # the child's group: its processes cannot leave it (the filter)
        time.sleep(min(0.0005 * (attempt + 1), 0.01))
    return False


def _kill_uid(uid: int) -> None:
    """Kill every process of the children's uid: a helper that becomes that uid signals all
    it may (-1), which is exactly the run's processes (this batch alone holds the uid)."""
    helper = os.fork()
    if helper == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)


def _kill(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        with contextlib.suppress(OSError):
            target()


class Stop(Exception):
    """The batch cannot go on as it should: the judge's failure, reported as the last line."""


def _run_one(code: object, path: str, index: int) -> dict | None:
    """Run the program on input `index`; None when the overall deadline cut it short."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    input_path = os.path.join(here, f"input-{index}.txt")
    begin = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(out_r)
        os.close(err_r)
        os.close(results_fd)
        _child(code, path, input_path, out_w, err_w)
    os.close(out_w)
    os.close(err_w)
    output_bytes = int(spec["output_bytes"])
    keep_err = int(spec["stderr_keep_bytes"])
    stdout, stderr = bytearray(), bytearray()
    counts = {out_r: 0, err_r: 0}
    sel = selectors.DefaultSelector()
    sel.register(out_r, selectors.EVENT_READ)
    sel.register(err_r, selectors.EVENT_READ)
    pidfd = os.pidfd_open(pid)
    sel.register(pidfd, selectors.EVENT_READ)
    wall_limit = begin + float(spec["wall_s"])
    waited = None
    exited_at = 0.0
    open_pipes = 2
    wall_exceeded = output_exceeded = cut = False
    try:
        while True:
            if waited is None:
                got, status, usage = os.wait4(pid, os.WNOHANG)
                if got:
                    waited, exited_at = (status, usage), time.monotonic()
            now = time.monotonic()
            if waited is not None and (open_pipes == 0 or now - exited_at > 0.5):
                break
            if now >= deadline:
                cut = True
                break
            if now >= wall_limit:
                wall_exceeded = True
                break
            timeout = min(deadline, wall_limit) - now
            if waited is not None:
                timeout = min(timeout, 0.1)
            for key, _ in sel.select(timeout):
                if key.fd == pidfd:
                    sel.unregister(pidfd)
                    continue
                chunk = os.read(key.fd, READ_CHUNK)
                if not chunk:
                    sel.unregister(key.fd)
                    open_pipes -= 1
                    continue
                counts[key.fd] += len(chunk)
                if key.fd == out_r:
                    stdout += chunk[: max(output_bytes - len(stdout), 0)]
                else:
                    stderr += chunk[: max(keep_err - len(stderr), 0)]
                if counts[key.fd] > output_bytes:
                    output_exceeded = True
            if output_exceeded:
                break
    finally:
        sel.close()
        _kill(pid)
        if waited is None:
            _, status, usage = os.wait4(pid, 0)
            waited = (status, usage)
        for fd in (out_r, err_r, pidfd):
            os.close(fd)
    if not _end_leftovers(pid):
        raise Stop("a process of the run survived being killed")
    if cut:
        return None
    status, usage = waited
    return {
        "i": index,
        "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "memory_mib": usage.ru_maxrss / 1024,
        "wall_s": time.monotonic() - begin,
        "stdout": base64.b64encode(bytes(stdout)).decode(),
        "stderr": base64.b64encode(bytes(stderr)).decode(),
        "wall_exceeded": wall_exceeded,
        "output_exceeded": output_exceeded,
    }


def main() -> None:
    global process_filter
    _not_dumpable()
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    process_filter = _child_filter(bool(spec["spawn"]))
    path = os.path.join(here, spec["program"])
    with open(path, "rb") as f:
        source = f.read()
    code: object
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        code = exc  # raised in each child, where a fresh interpreter would report it
    budget = int(spec["results_budget"])
    line_max = (int(spec["output_bytes"]) + int(spec["stderr_keep_bytes"])) * 4 // 3 + 4096
    emitted = 0
    reason = "all"
    for index in range(int(spec["inputs"])):
        if time.monotonic() >= deadline:
            reason = "deadline"
            break
        if emitted + line_max > budget:
            reason = "output budget"
            break
        try:
            record = _run_one(code, path, index)
        except Stop as exc:
            reason = f"failed: {exc}"
            break
        failure = _clear_scratch()
        if failure is not None and record is not None:
            _emit(record)  # this run was whole; the next one could not start clean
        if failure is not None:
            reason = f"failed: {failure}"
            break
        if record is None:
            reason = "deadline"
            break
        size = _emit(record)
        emitted += size
        del record
        if size > MIB:
            # A forked child starts with this process's resident memory as its peak: give
            # back what a large output took, so the next run's peak is its own.
            with contextlib.suppress(OSError, AttributeError):
                ctypes.CDLL(None).malloc_trim(0)
    _emit({"done": reason})


main()
