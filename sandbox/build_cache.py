"""The build cache (~/.cache/solver/build): one folder per source digest, checked before use,
bounded in size and entries, shared by concurrent judges.

An entry is published by renaming a finished folder into place, with a manifest (`.built`)
listing every file and its SHA-256. Before use an entry is checked against its manifest
(every file present, a regular file, same digest, the program still executable): an entry
that fails is discarded and rebuilt. Entries are evicted least recently used first when the
cache passes its bounds, but never one used in the last `IDLE_BEFORE_EVICTION_S` (every use
touches it, runs included), and a program whose entry vanished anyway is rebuilt from its
source by `Program.run`, never judged JE.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sandbox import safe_io

MANIFEST = ".built"
MAX_BYTES = int(os.environ.get("SOLVER_BUILD_CACHE_MIB", "2048")) * 1024 * 1024
MAX_ENTRIES = int(os.environ.get("SOLVER_BUILD_CACHE_ENTRIES", "4000"))
IDLE_BEFORE_EVICTION_S = 1800.0
"""An entry used this recently is never evicted (longer than any run's limits)."""
STALE_WORK_S = 3600.0
"""Unfinished build folders (of a judge killed mid-build) older than this are removed."""
_MANIFEST_MAX = 1 << 20


def _digest(path: Path) -> str:
    fd = safe_io.open_regular(path)
    h = hashlib.sha256()
    with open(fd, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _files(folder: Path) -> list[Path]:
    """Regular files below `folder` (relative), the manifest excepted; refuses anything else."""
    found: list[Path] = []
    for dirpath, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            full = Path(dirpath) / name
            mode = full.lstat().st_mode
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise OSError(f"{full.relative_to(folder)}: not a regular file")
            if full.parent != folder or name != MANIFEST:
                found.append(full.relative_to(folder))
    return sorted(found)


def seal(folder: Path) -> None:
    """Write the manifest of a finished build folder (before it is published)."""
    files = {str(rel): _digest(folder / rel) for rel in _files(folder)}
    (folder / MANIFEST).write_text(json.dumps({"version": 1, "files": files}))


def valid(entry: Path, executable: str | None = None) -> bool:
    """Is `entry` a complete build whose files match its manifest? `executable`: a file that
    must also still be executable (a native program)."""
    try:
        manifest = json.loads(safe_io.read_bytes(MANIFEST, _MANIFEST_MAX, base=entry))
        files = manifest["files"]
        if manifest.get("version") != 1 or not isinstance(files, dict):
            return False
        if set(files) != {str(rel) for rel in _files(entry)}:
            return False
        for rel, want in files.items():
            if _digest_below(entry, rel) != want:
                return False
        if executable is not None:
            mode = (entry / executable).lstat().st_mode
            if executable not in files or not mode & 0o111:
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def _digest_below(entry: Path, rel: str) -> str:
    fd = safe_io.open_regular(rel, base=entry)
    h = hashlib.sha256()
    with open(fd, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def touch(entry: Path) -> None:
    """Mark `entry` as just used (the LRU order, and its protection from eviction)."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def discard(entry: Path) -> None:
    """Remove an entry: first renamed out of the way (atomic for concurrent lookups)."""
    trash = entry.parent / f".evict-{uuid.uuid4().hex}"
    try:
        entry.rename(trash)
    except OSError:
        return  # gone already, or someone else is discarding it
    shutil.rmtree(trash, ignore_errors=True)


def publish(work: Path, entry: Path) -> None:
    """Move a sealed build folder into place; if another judge published the same build
    first, keep theirs."""
    try:
        work.rename(entry)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
    touch(entry)


@dataclass(frozen=True)
class _Entry:
    path: Path
    used: float
    size: int


def _size(folder: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(dirpath) / name).lstat().st_size
    return total


def evict(
    root: Path,
    *,
    max_bytes: int = MAX_BYTES,
    max_entries: int = MAX_ENTRIES,
    idle_s: float = IDLE_BEFORE_EVICTION_S,
    now: float | None = None,
) -> list[Path]:
    """Bring the cache under its bounds, least recently used first, never touching an entry
    used within `idle_s`. Returns what was removed."""
    now = time.time() if now is None else now
    entries: list[_Entry] = []
    removed: list[Path] = []
    try:
        children = list(os.scandir(root))
    except OSError:
        return removed
    for child in children:
        try:
            st = child.stat(follow_symlinks=False)
        except OSError:
            continue
        path = Path(child.path)
        if child.name.startswith((".evict-", "build-")) and now - st.st_mtime > STALE_WORK_S:
            shutil.rmtree(path, ignore_errors=True)  # left by a judge killed mid-way
            continue
        if stat.S_ISDIR(st.st_mode) and not child.name.startswith((".", "build-")):
            entries.append(_Entry(path, st.st_mtime, _size(path)))
    total = sum(e.size for e in entries)
    count = len(entries)
    for e in sorted(entries, key=lambda e: e.used):
        if total <= max_bytes and count <= max_entries:
            break
        if now - e.used < idle_s:
            break  # everything after it was used even more recently
        discard(e.path)
        removed.append(e.path)
        total -= e.size
        count -= 1
    return removed
