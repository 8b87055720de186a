"""Every way a warm child could reach the fork server that runs it (its parent), tried in
turn; prints one "route: refused" or "route: REACHED" line each. Run it under a fork server:
alone, its parent is the sandbox init, which the kernel protects anyway."""

import ctypes
import fcntl
import os
import resource
import signal

server = os.getppid()
libc = ctypes.CDLL(None, use_errno=True)


def attempt(route: str, action) -> None:
    try:
        result = action()
    except (OSError, ValueError) as exc:
        print(f"{route}: refused ({type(exc).__name__})")
        return
    if isinstance(result, int) and result < 0:
        print(f"{route}: refused (errno {ctypes.get_errno()})")
    else:
        print(f"{route}: REACHED")


def f_setown() -> None:
    read, write = os.pipe()
    fcntl.fcntl(read, fcntl.F_SETOWN, server)
    fcntl.fcntl(read, fcntl.F_SETFL, os.O_ASYNC)
    os.write(write, b"x")  # SIGIO to the owner


def pidfd_from_proc() -> None:
    fd = os.open(f"/proc/{server}", os.O_RDONLY | os.O_DIRECTORY)
    signal.pidfd_send_signal(fd, signal.SIGCONT)


attempt("kill", lambda: os.kill(server, signal.SIGCONT))
attempt("killpg", lambda: os.killpg(os.getpgid(server), signal.SIGCONT))
attempt("kill -1", lambda: os.kill(-1, signal.SIGCONT))
attempt("setsid", os.setsid)
attempt("setpgid", lambda: os.setpgid(0, os.getpgid(server)))
attempt("F_SETOWN", f_setown)
attempt("pidfd_send_signal", pidfd_from_proc)
attempt("ptrace", lambda: libc.ptrace(16, server, None, None))  # PTRACE_ATTACH
attempt("prlimit", lambda: resource.prlimit(server, resource.RLIMIT_NOFILE, (0, 0)))
attempt("setpriority", lambda: os.setpriority(os.PRIO_PROCESS, server, 19))
attempt("sched_setaffinity", lambda: os.sched_setaffinity(server, {0}))
print("done")
