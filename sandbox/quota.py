"""Size bounds for the host folders that sandboxed programs may write to.

Three kinds of run get a writable host folder: a compiler (its output folder, /box), a Kattis
output validator (its feedback folder) and the tracer (its output folder). Without a bound a
program there could fill the host's disk in one run. As root the judge mounts a private,
size- and inode-limited tmpfs on the folder for the run's duration (nosuid, nodev), reads what
it needs, and unmounts it; the program sees ENOSPC at the bound. Without root (or where mount
is refused) only RLIMIT_FSIZE bounds each file, not their number: `solver doctor` says so.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sandbox.isolation import Feature
from sandbox.safe_io import libc

_MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 0x2, 0x4, 0x8
_MNT_DETACH = 0x2


def _mount_tmpfs(path: Path, size_bytes: int, inodes: int, mode: int, noexec: bool) -> int:
    """0 on success, else the errno."""
    lib = libc()
    if lib is None:
        return 38  # ENOSYS
    flags = _MS_NOSUID | _MS_NODEV | (_MS_NOEXEC if noexec else 0)
    options = f"size={size_bytes},nr_inodes={inodes},mode={mode:o}".encode()
    rc = lib.mount(
        b"solver-quota",
        os.fsencode(path),
        b"tmpfs",
        ctypes.c_ulong(flags),
        ctypes.c_char_p(options),
    )
    return 0 if rc == 0 else ctypes.get_errno()


def _unmount(path: Path) -> None:
    lib = libc()
    if lib is not None:
        lib.umount2(os.fsencode(path), _MNT_DETACH)


@functools.cache
def mount_error() -> str:
    """'' when this process can mount the quota tmpfs, else why not."""
    if os.geteuid() != 0:
        return "the judge is not root"
    probe = Path(tempfile.mkdtemp(prefix="solver-quota-probe-"))
    try:
        err = _mount_tmpfs(probe, 1 << 20, 16, 0o700, True)
        if err:
            return f"mount of a tmpfs refused: {os.strerror(err)}"
        _unmount(probe)
        return ""
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()


@dataclass(frozen=True)
class Bounded:
    path: Path
    bounded: bool
    """False: a plain folder, bounded per file only (RLIMIT_FSIZE)."""

    def full(self) -> bool:
        """Did the program run into the bound (less than a page or no inode left)?"""
        if not self.bounded:
            return False
        try:
            st = os.statvfs(self.path)
        except OSError:
            return False
        return st.f_bavail * st.f_frsize < 8192 or st.f_favail == 0


@contextlib.contextmanager
def bounded_dir(
    path: Path, size_bytes: int, *, inodes: int = 1024, mode: int = 0o777, noexec: bool = True
) -> Iterator[Bounded]:
    """Make the empty folder `path` a tmpfs of at most `size_bytes` and `inodes` files for the
    duration.

    Whatever is in it is gone afterwards: read or copy it out inside the `with`."""
    if mount_error() or _mount_tmpfs(path, max(size_bytes, 4096), inodes, mode, noexec):
        yield Bounded(path, False)
        return
    try:
        yield Bounded(path, True)
    finally:
        _unmount(path)


def feature() -> Feature:
    """The line `solver doctor` shows for writable folders."""
    why = mount_error()
    if not why:
        return Feature(
            "writable folder quota",
            True,
            "compiler output, validator feedback and tracer output folders are "
            "size- and file-count-limited tmpfs mounts",
        )
    return Feature(
        "writable folder quota",
        False,
        f"{why}: writable folders are bounded per file (RLIMIT_FSIZE) but not in "
        "number of files or in total",
    )
