"""Small files several Ibid processes share (settings, reading state, library folders).

Two windows, or a window and ``ibid index add``, may write the same file at the same time.
So every change is a transaction: take the file's lock, read what is there now, apply the
change, write a unique temporary file in the same folder, fsync it and move it into place.
A file that cannot be parsed is never overwritten: it is renamed aside
(``settings.toml.damaged-20261201-031500``) and the caller tells the user.

The lock is on ``<file>.lock`` (advisory, between Ibid processes; the system releases it when
a process dies): ``fcntl.flock`` where Python has it (Unix), ``filelock.FileLock``
(``msvcrt.locking``) elsewhere. On Unix filelock makes the same flock call but its import
costs 40-57 ms (hashlib, secrets, platform, inspect), in the start-up of every window and
every ``ibid`` command, since loading the settings takes the lock.
Locks are per open file: never take the same file's lock twice in one thread.
"""
from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: filelock, imported when first needed
    fcntl = None

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of *path* (on ``<path>.lock``) for the duration."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_file = path.with_name(path.name + ".lock")
    if fcntl is None:  # pragma: no cover - Windows
        from filelock import FileLock
        with FileLock(lock_file):
            yield
        return
    with open(lock_file, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def write_atomic(path: Path, text: str) -> None:
    """Replace *path* with *text*: whole or not at all, through a temp file no one else uses,
    and on the disk before this returns (what a user made: settings, library, positions)."""
    write_atomic_bytes(path, text.encode("utf-8"), durable=True)


def write_atomic_bytes(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Replace *path* with *data* whole or not at all (a hidden temp file in the same folder,
    renamed over it). *durable*: also wait until it is on the disk (caches need not)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with contextlib.suppress(FileNotFoundError):   # keep the mode a user gave the file
            os.chmod(fd, path.stat().st_mode & 0o777)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def set_aside(path: Path) -> Path | None:
    """Rename *path* to ``<name>.damaged-<UTC time>`` and return the new path (None if gone)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    return target


def read(path: Path, parse: Callable[[str], object], what: str) -> tuple[object | None, str]:
    """``(parse(text), "")``, or ``(None, "")`` when *path* does not exist, or
    ``(None, sentence)`` when it was damaged: then it is renamed aside and *sentence* says
    where it is, for the user. Call it holding the lock. OSError (unreadable) is raised:
    a file that cannot be read must not be overwritten either.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, ""
    try:
        return parse(data.decode("utf-8")), ""
    except (UnicodeDecodeError, ValueError) as exc:   # TOMLDecodeError and JSONDecodeError are ValueErrors
        reason = describe(exc)
    aside = set_aside(path)
    if aside is None:
        return None, ""
    logger.info("Damaged %s %s (%s) moved to %s", what, path, reason, aside)   # the caller tells the user
    return None, (f"{path.name} was damaged ({reason}); it is kept as {aside.name} in {aside.parent}, "
                  "and Ibid goes on with the defaults.")


def describe(exc: Exception) -> str:
    """Why a file could not be parsed, in a few words ("not UTF-8 at byte 23")."""
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 at byte {exc.start}"
    return " ".join(str(exc).split())[:120] or type(exc).__name__
