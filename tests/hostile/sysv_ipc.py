"""SysV IPC from CPython (through the C library): a message queue, a semaphore set, the
shared-memory calls besides shmget/shmat, a POSIX message queue. Prints "call: ERRNO-NAME"
(or "call: ALLOWED") for each; the filter refuses every one with EPERM, before the kernel
would look at the (made-up) ids."""

import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
IPC_PRIVATE, IPC_CREAT, IPC_RMID = 0, 0o1000, 0


def report(name: str, result: int) -> None:
    code = ctypes.get_errno()
    print(f"{name}: " + (errno.errorcode.get(code, str(code)) if result < 0 else "ALLOWED"))


report("msgget", libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600))
report("msgctl", libc.msgctl(0, IPC_RMID, None))
report("semget", libc.semget(IPC_PRIVATE, 16, IPC_CREAT | 0o600))
report("semctl", libc.semctl(0, 0, IPC_RMID))
report("shmctl", libc.shmctl(0, IPC_RMID, None))
report("shmdt", libc.shmdt(ctypes.c_void_p(4096)))
try:
    rt = ctypes.CDLL("librt.so.1", use_errno=True)
    report("mq_open", rt.mq_open(b"/hostile", os.O_CREAT | os.O_RDWR, 0o600, None))
except OSError:
    report("mq_open", libc.mq_open(b"/hostile", os.O_CREAT | os.O_RDWR, 0o600, None))
