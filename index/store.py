"""Opening the index directory safely: busy (locked), damaged and outdated indexes.

Whoosh itself (files, commits, the lock, the writer) is behind :mod:`index.backend`; this
module decides what to do about what it finds: wait for a lock, move a damaged index or
one of another version aside, tell the user.
"""
from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import shutil
import time
import warnings
from datetime import datetime
from pathlib import Path

from index.backend import storage
from index.backend.storage import check as _check_files
from index.backend.storage import remove_partial_files
from index.backend.writer import MAX_SEGMENTS, merge_policy, try_writer
from index.schema import SCHEMA_VERSION
from reader.core import shared
from reader.core.errors import ReaderError

logger = logging.getLogger(__name__)

VERSION_FILE = "ibid-index-version"
BUSY_MESSAGE = "The library index is busy (another Ibid is indexing); try again in a moment."

#: What a damaged index raises while being opened or read (see index.backend.storage).
is_damage = storage.is_damage

__all__ = ["MAX_SEGMENTS", "merge_policy", "remove_partial_files"]   # (from the backend, for build.py)


class IndexBusy(ReaderError):
    """Another process holds the index's write lock."""


class DiskFull(ReaderError):
    """Writing the index failed for want of room (disk full, quota, file size limit)."""


#: errno values of a write that failed for want of room.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def is_no_room(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in NO_ROOM


def disk_full(index_dir: Path, exc: OSError) -> DiskFull:
    return DiskFull(f"No room is left to write the library index in {index_dir} ({exc.strerror or exc}: the disk "
                    "is full); the index keeps what was committed before. Free some space, then run ibid index update.")


class IndexDamaged(ReaderError):
    """The index could not be read; it was moved aside."""

    def __init__(self, message: str, moved_to: Path | None = None) -> None:
        super().__init__(message)
        self.moved_to = moved_to


def open_index(index_dir: Path, *, create: bool = True, messages: list[str] | None = None,
               wait: float = 10.0, thorough: bool = True):
    """Open the Whoosh index in *index_dir*, creating it when missing.

    A damaged index is renamed ``<dir>.damaged-<timestamp>`` and an empty one created in its
    place; the sentence saying so is appended to *messages*. An index written by another
    schema version is replaced the same way (``<dir>.old-<timestamp>``). Without *create*,
    a missing index gives None. Creating and replacing happen under the write lock.
    *thorough* also reads every file record (for building; searching skips that cost).
    """
    index_dir = Path(index_dir)
    messages = messages if messages is not None else []
    ix, problem = _try_open(index_dir, thorough)
    if ix is not None or (problem is None and not create):
        return ix
    with locked(index_dir, wait=wait):
        ix, problem = _try_open(index_dir, thorough)   # another process may have repaired it meanwhile
        if ix is not None:
            return ix
        if problem is not None and problem[0] == UNFINISHED:
            return _create(index_dir)      # nothing in it: finish creating it, silently
        if problem is not None:
            why, sentence = problem
            moved = move_aside(index_dir, why)
            messages.append(sentence.format(moved=moved.name))
        return _create(index_dir)


def _try_open(index_dir: Path, thorough: bool = True):
    """(index, None), or (None, None) when there is none, or (None, (why, sentence))."""
    if not _exists(index_dir):
        return None, None
    version = _read_version(index_dir)
    if not version and _is_empty(index_dir):
        # A table of contents without a version file: creation was interrupted between the
        # two writes (versions before this one wrote the table first). Nothing was indexed.
        return None, (UNFINISHED, "")
    if version != str(SCHEMA_VERSION):
        return None, ("old", "The library index was made by another version of Ibid; "
                             "it was moved to {moved} and is rebuilt.")
    with warnings.catch_warnings():
        # Whoosh drops the files of a half-opened index unclosed; their ResourceWarning
        # says nothing the user can act on. Collect them here, while it is ignored.
        warnings.simplefilter("ignore", ResourceWarning)
        ix, problem = _open_or_problem(index_dir, thorough)
        if ix is None:
            gc.collect()
    return ix, problem


def _open_or_problem(index_dir: Path, thorough: bool):
    try:
        return _open_checked(index_dir, thorough), None
    except PermissionError as exc:
        raise ReaderError(f"The library index in {index_dir} cannot be read: {exc.strerror or exc}.") from exc
    except Exception as exc:
        if not is_damage(exc):   # a bug (ours, or a Whoosh that changed): rebuilding would hide it
            raise
        logger.warning("Index %s is damaged: %s", index_dir, repr(exc))  # a string: the record must not keep the files alive
        return None, ("damaged", f"The library index was damaged ({type(exc).__name__}); "
                                 "it was moved to {moved} and is rebuilt.")


def _open_checked(index_dir: Path, thorough: bool):
    return storage.open_index(index_dir, checked=thorough)


def check(ix, thorough: bool = True) -> None:
    """Read the segments, the file records and a term list: damage shows here.

    Searches skip this (opening the index has read the table of contents; opening the
    searcher would be paid twice): they report damage when their searcher fails.
    """
    if thorough:
        _check_files(ix)


def quietly(function, *args):
    """(function(*args), None), or (None, "ErrorName") when it fails the way a damaged index
    fails (:func:`index.backend.storage.is_damage`); any other exception is a bug and is
    raised. Whoosh's files left open by the failure are collected here, with their
    ResourceWarning ignored; the exception itself is not returned, as its traceback would
    keep them alive."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        result, error = _call(function, args)
        if error is not None:
            gc.collect()
    return result, error


def _call(function, args):
    try:
        return function(*args), None
    except PermissionError:
        raise
    except Exception as exc:
        if not is_damage(exc):
            raise
        logger.warning("Library index damaged: %s", repr(exc))
        return None, type(exc).__name__


def replace_damaged(index_dir: Path, *, wait: float = 10.0) -> Path:
    """Move a damaged index aside and put an empty one in its place; the new folder name."""
    with locked(index_dir, wait=wait):
        moved = move_aside(index_dir, "damaged")
        _create(index_dir)
    return moved


def move_aside(index_dir: Path, why: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = index_dir.with_name(f"{index_dir.name}.{why}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = index_dir.with_name(f"{index_dir.name}.{why}-{stamp}-{n}")
    os.replace(index_dir, target)
    logger.warning("Moved the library index %s aside to %s", index_dir, target)
    return target


def writer(ix, *, wait: float = 10.0):
    """The index's writer (:func:`index.backend.writer.try_writer`), waiting up to *wait*
    seconds for another process's lock."""
    deadline = time.monotonic() + wait
    while (made := try_writer(ix)) is None:
        if time.monotonic() >= deadline:
            raise IndexBusy(BUSY_MESSAGE)
        time.sleep(0.1)
    return made


@contextlib.contextmanager
def locked(index_dir: Path, *, wait: float = 10.0):
    """Hold the index's write lock without writing (to create or replace the directory)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while (lock := storage.try_lock(index_dir)) is None:
        if time.monotonic() >= deadline:
            raise IndexBusy(BUSY_MESSAGE)
        time.sleep(0.1)
    try:
        yield
    finally:
        lock.release()


def _exists(index_dir: Path) -> bool:
    return index_dir.is_dir() and any(p.name.endswith(".toc") for p in index_dir.iterdir())


#: The problem of an index whose creation was interrupted (empty, no version file).
UNFINISHED = "unfinished"


def _is_empty(index_dir: Path) -> bool:
    """Whether the index in *index_dir* holds no segment (False when it cannot be read)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = storage.open_index(index_dir, attempts=1)
            try:
                return storage.is_empty(ix)
            finally:
                ix.close()
        except Exception as exc:
            if not is_damage(exc):
                raise
            return False


def _read_version(index_dir: Path) -> str:
    try:
        return (index_dir / VERSION_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _create(index_dir: Path):
    """A new empty index. The version file is written before the table of contents, so a
    process killed in between leaves no index at all rather than one of "another version"."""
    index_dir.mkdir(parents=True, exist_ok=True)
    shared.write_atomic(index_dir / VERSION_FILE, str(SCHEMA_VERSION))   # a unique temp file
    return storage.create_index(index_dir)


def remove_old_indexes(index_dir: Path) -> list[Path]:
    """Delete the indexes of other versions moved aside from *index_dir* (``<dir>.old-*``).
    Call it once the new index is complete: they only mattered until it was rebuilt.
    Damaged indexes (``<dir>.damaged-*``) are kept for diagnosis."""
    index_dir = Path(index_dir)
    removed = sorted(index_dir.parent.glob(f"{index_dir.name}.old-*"))
    for old in removed:
        shutil.rmtree(old, ignore_errors=True)
        logger.info("Removed the index of another version %s", old)
    return removed
