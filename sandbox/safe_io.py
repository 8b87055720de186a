"""Reading files that an untrusted party could have written or planted.

The judge runs as root (or as the user) and reads files that sandboxed programs wrote (a
validator's feedback directory, the tracer's output) and files that a problem package brought
(its statement, tests, sources). Any of them may be a symlink to something private
(`~/.config/solver/config.yaml`, `/etc/shadow`), a FIFO that blocks the reader forever, or a
device such as `/dev/zero` that never ends. Every such read goes through this module:

- the last path component is opened with O_NOFOLLOW (a symlink is refused), and with `base`
  every component below `base` is (openat2's RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH where the
  kernel has it, else one O_NOFOLLOW openat per component);
- O_NONBLOCK, so opening a FIFO returns at once; the open file must then be a regular file
  (fstat), or the read is refused;
- at most `limit` bytes are read.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import stat
import struct
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_DIR_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | os.O_CLOEXEC
_SYS_OPENAT2 = 437  # the same number on every Linux architecture (a "generic" syscall)
_RESOLVE_NO_SYMLINKS = 0x04
_RESOLVE_BENEATH = 0x08
_CHUNK = 1 << 16


class UnsafeFile(OSError):
    """The path is a symlink, a FIFO, a device, a directory: anything but a regular file."""


class FileTooLarge(OSError):
    """The file holds more than the caller's bound."""


@functools.cache
def libc() -> ctypes.CDLL | None:
    """The C library, for system calls Python does not wrap (openat2, mount); None without
    one."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _syscall_openat2(dir_fd: int, rel: str, flags: int, resolve: int) -> tuple[int, int]:
    """(fd or -1, errno) of openat2; (-1, ENOSYS) without a C library to call it through."""
    lib = libc()
    if lib is None:
        return -1, errno.ENOSYS
    how = struct.pack("QQQ", flags, 0, resolve)
    buf = ctypes.create_string_buffer(how, len(how))
    fd = lib.syscall(
        ctypes.c_long(_SYS_OPENAT2),
        ctypes.c_int(dir_fd),
        ctypes.c_char_p(os.fsencode(rel)),
        buf,
        ctypes.c_size_t(len(how)),
    )
    return (int(fd), 0) if fd >= 0 else (-1, ctypes.get_errno())


@functools.cache
def openat2_available() -> bool:
    """Does this kernel (and any seccomp filter around us) allow openat2?"""
    fd, _ = _syscall_openat2(-100, "/", _DIR_FLAGS, 0)  # AT_FDCWD
    if fd >= 0:
        os.close(fd)
        return True
    return False


def _openat2(dir_fd: int, rel: str, flags: int) -> int | None:
    """openat2 with no symlinks and nothing outside `dir_fd`; None where it is not available
    (the caller walks the path itself then)."""
    if not openat2_available():
        return None
    fd, err = _syscall_openat2(dir_fd, rel, flags, _RESOLVE_NO_SYMLINKS | _RESOLVE_BENEATH)
    if fd >= 0:
        return fd
    if err in (errno.ENOSYS, errno.EPERM):
        return None
    if err in (errno.ELOOP, errno.EXDEV):
        raise UnsafeFile(err, "refusing a symlink or a path out of its base", rel)
    raise OSError(err, os.strerror(err), rel)


def _walk(dir_fd: int, rel: str) -> int:
    """Open `rel` below `dir_fd`, refusing a symlink at any step and any `..`."""
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise UnsafeFile(errno.EXDEV, "path leaves its base directory", rel)
    current = dir_fd
    try:
        for part in parts[:-1]:
            try:
                nxt = os.open(part, _DIR_FLAGS, dir_fd=current)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise UnsafeFile(
                        exc.errno, "refusing a symlink or non-directory", rel
                    ) from None
                raise
            if current != dir_fd:
                os.close(current)
            current = nxt
        return _open_last(parts[-1], current, rel)
    finally:
        if current != dir_fd:
            os.close(current)


def _open_last(name: str, dir_fd: int | None, shown: str) -> int:
    try:
        return os.open(name, _OPEN_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile(errno.ELOOP, "refusing a symlink", shown) from None
        raise


def open_regular(path: Path | str, *, base: Path | str | None = None, follow: bool = False) -> int:
    """A read-only descriptor on a regular file (the caller closes it).

    Without `base` only the last component may not be a symlink (the directories above are
    the caller's own). With `base`, `path` is relative to it (or absolute inside it) and no
    component below `base` may be a symlink or `..`. `follow` allows symlinks (for files whose
    place was checked already, such as a package's after `load_problem`): the file must still
    be a regular one, so neither a FIFO nor a device is ever read."""
    if follow:
        fd = os.open(path, _OPEN_FLAGS & ~os.O_NOFOLLOW)
    elif base is None:
        fd = _open_last(str(path), None, str(path))
    else:
        rel = str(path)
        if os.path.isabs(rel):
            try:
                rel = str(Path(rel).relative_to(base))
            except ValueError:
                raise UnsafeFile(
                    errno.EXDEV, "path is outside its base directory", str(path)
                ) from None
        base_fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            fd2 = _openat2(base_fd, rel, _OPEN_FLAGS)
            fd = fd2 if fd2 is not None else _walk(base_fd, rel)
        finally:
            os.close(base_fd)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafeFile(errno.EINVAL, f"not a regular file ({_kind(mode)})", str(path))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "special file"


def read_head(
    path: Path | str, limit: int, *, base: Path | str | None = None, follow: bool = False
) -> bytes:
    """Up to the first `limit` bytes of a regular file (the rest is not read)."""
    fd = open_regular(path, base=base, follow=follow)
    try:
        return _read_fd(fd, limit)
    finally:
        os.close(fd)


def read_bytes(
    path: Path | str, limit: int, *, base: Path | str | None = None, follow: bool = False
) -> bytes:
    """The whole of a regular file of at most `limit` bytes; FileTooLarge past it."""
    fd = open_regular(path, base=base, follow=follow)
    try:
        data = _read_fd(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"larger than {limit} bytes", str(path))
    return data


def read_text(
    path: Path | str,
    limit: int,
    *,
    base: Path | str | None = None,
    follow: bool = False,
    errors: str = "strict",
) -> str:
    """read_bytes decoded as UTF-8."""
    return read_bytes(path, limit, base=base, follow=follow).decode("utf-8", errors=errors)


def _read_fd(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def is_regular(path: Path | str) -> bool:
    """A regular file, not through a symlink (lstat)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def inside(path: Path | str, root: Path | str) -> bool:
    """Does `path`, with every symlink resolved, stay inside `root` (itself resolved)?"""
    try:
        real = Path(os.path.realpath(path))
        real.relative_to(os.path.realpath(root))
    except (ValueError, OSError):
        return False
    return True
