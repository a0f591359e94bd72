"""Bounded caches: the laid-out reflowable documents and the prepared records.

Both folders only save work (an entry that is gone is made again), but every text, HTML or
Markdown file left ~52 KB of layout behind, and every document a record of up to ~250 KB,
never removed: 100,000 small files made 5.3 GB. So each folder has a size cap and an age
limit, and the least recently used entries go first. An entry is the files sharing a name up
to its first dot (a laid-out PDF and its ``.json`` sidecar); reading one marks it used: its
access time is set to now (explicitly: mounts with ``noatime`` or ``relatime`` do not keep
it), its modification time still says when it was made. An entry's last use is the latest of
its files' times.

A process that writes an entry trims the folder at most once per TRIM_INTERVAL_SECONDS (a
stamp file in the folder says when it was last done), so the indexer, which writes one record
a file, does not list the folder after each. Entries removed while another process reads them
are laid out or prepared again there.
"""
from __future__ import annotations

import contextlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

#: Bytes the layout cache may hold: ~10,000 laid-out text files of ~52 KB.
MAX_LAYOUT_BYTES = 512 * 2**20
#: Bytes the prepared records may hold: ~4,000 records of 300-page documents (~250 KB each).
MAX_RECORDS_BYTES = 1024 * 2**20
#: Entries not used for this long are removed whatever the size (90 days).
MAX_AGE_SECONDS = 90 * 24 * 3600
#: Least time between two trims of one folder: listing 100,000 entries took 0.8-1.7 s (2 busy
#: cores), a cost the indexer, which writes a record per file, must not pay each time.
TRIM_INTERVAL_SECONDS = 600
#: The file whose modification time says when the folder was last trimmed.
STAMP = ".trimmed"


@dataclass(frozen=True)
class Removed:
    files: int = 0
    bytes: int = 0

    def __add__(self, other: Removed) -> Removed:
        return Removed(self.files + other.files, self.bytes + other.bytes)


def mark_used(*paths: Path) -> None:
    """Say that *paths* (the files of one entry) were just read: they are evicted last."""
    for path in paths:
        with contextlib.suppress(OSError):
            os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))   # (its mtime: when it was made)


def trim_now_and_then(folder: Path, max_bytes: int, keep: Path | None = None) -> Removed:
    """:func:`trim` *folder* unless it was trimmed less than TRIM_INTERVAL_SECONDS ago."""
    stamp = Path(folder) / STAMP
    try:
        if time.time() - stamp.stat().st_mtime < TRIM_INTERVAL_SECONDS:
            return Removed()
    except OSError:
        pass
    with contextlib.suppress(OSError):
        stamp.touch()
    return trim(folder, max_bytes, keep=keep)


def trim(folder: Path, max_bytes: int, *, max_age: float = MAX_AGE_SECONDS, keep: Path | None = None) -> Removed:
    """Remove the entries of *folder* unused for *max_age* seconds, then the least recently
    used until the rest fit in *max_bytes*. The entry of *keep* (just written) stays."""
    entries = _entries(Path(folder))
    kept = keep.name.split(".")[0] if keep is not None else None
    total = sum(size for _used, size, _files in entries.values())
    removed = Removed()
    oldest_first = sorted(entries.items(), key=lambda item: item[1][0])
    now = time.time()
    for key, (used, size, files) in oldest_first:
        if key == kept or (total <= max_bytes and now - used < max_age):
            continue
        removed += _remove(files)
        total -= size
    if removed.files:
        logger.info("Cache %s: removed %d files (%d bytes)", folder, removed.files, removed.bytes)
    return removed


def clear(folder: Path) -> Removed:
    """Remove every entry of *folder* (``ibid cache clear``)."""
    return _remove([file for _used, _size, files in _entries(Path(folder)).values() for file in files])


def size(folder: Path) -> int:
    """Bytes the entries of *folder* hold."""
    return sum(size for _used, size, _files in _entries(Path(folder)).values())


def _entries(folder: Path) -> dict[str, tuple[float, int, list[Path]]]:
    """{name before the first dot: (last used, bytes, files)}; hidden files are not entries."""
    entries: dict[str, tuple[float, int, list[Path]]] = {}
    try:
        scan = list(os.scandir(folder))
    except OSError:
        return entries
    for item in scan:
        if item.name.startswith("."):
            continue
        try:
            info = item.stat(follow_symlinks=False)
        except OSError:
            continue
        key = item.name.split(".")[0]
        used, total, files = entries.get(key, (0.0, 0, []))
        entries[key] = (max(used, info.st_atime, info.st_mtime), total + info.st_size, [*files, Path(item.path)])
    return entries


def _remove(files: list[Path]) -> Removed:
    removed = Removed()
    for file in files:
        try:
            bytes_ = file.lstat().st_size
            file.unlink()
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            continue
        except OSError as exc:
            logger.warning("Could not remove %s from the cache: %s", file, exc)
            continue
        removed += Removed(1, bytes_)
    return removed
