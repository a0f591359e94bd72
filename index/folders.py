"""The library folders: state the index owns, kept in one JSON file beside it.

``{"folders": ["/home/me/UN", ...]}`` in ``Paths.library_file`` (the data directory, next
to ``index/``). Whoever adds or removes a folder (``ibid index add|remove``, or the window,
before it starts the child that indexes) changes the file in one locked, atomic transaction
(:mod:`reader.core.shared`), so a window that closes later cannot write back an old list.

A damaged file is not replaced by an empty list: the next update would then remove every
document from the index. It raises a ReaderError naming the file instead, and is left for
the user to fix or delete. Earlier versions kept the list in the settings
(``library_folders``); the first read without a file copies that list here once.
"""
from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from reader.core import formats, shared
from reader.core.errors import ReaderError
from reader.core.paths import escape_bytes, unescape_bytes

logger = logging.getLogger(__name__)


class FoldersDamaged(ReaderError):
    """The folder list cannot be read; nothing was changed."""


#: Gives the list an older version kept elsewhere (the settings), for the one migration.
Legacy = Callable[[], list[str]] | None


def read_folders(file: Path, legacy: Legacy = None) -> list[Path]:
    """The library folders, in the order they were added.

    When *file* does not exist yet and ``legacy()`` gives a list (the old settings key),
    that list is written to *file* first: the migration happens once.
    """
    with shared.locked(file):
        folders = _current(file, legacy)
    return [Path(f) for f in folders]


def add_folder(file: Path, folder: Path | str, legacy: Legacy = None) -> Path:
    """Add *folder* (made absolute) to the list; ReaderError if it is not a folder."""
    folder = Path(os.path.abspath(folder))
    if not folder.is_dir():
        raise ReaderError(f"{folder} is not a folder.")
    with shared.locked(file):
        folders = _current(file, legacy)
        if str(folder) not in folders:
            _write(file, [*folders, str(folder)])
    return folder


def remove_folder(file: Path, folder: Path | str, legacy: Legacy = None) -> bool:
    """Remove *folder* from the list; False if it was not in it."""
    folder = str(Path(os.path.abspath(folder)))
    with shared.locked(file):
        folders = _current(file, legacy)
        if folder not in folders:
            return False
        _write(file, [f for f in folders if f != folder])
    return True


def _current(file: Path, legacy: Legacy) -> list[str]:
    """The list in *file*; without a file, the legacy list, written to *file* (migration)."""
    folders = _read(file)
    if folders is None:
        folders = _unique(legacy() if legacy else [])
        if folders:
            _write(file, folders)
            logger.info("Library folders moved from the settings to %s", file)
    return folders


def _read(file: Path) -> list[str] | None:
    """The list in *file*, None if there is no file; FoldersDamaged if it cannot be read."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:   # UnicodeDecodeError is a ValueError
        raise FoldersDamaged(f"The list of library folders {file} cannot be read ({shared.describe(exc)}); "
                             "fix or delete it, then add the folders again.") from exc
    folders = data.get("folders") if isinstance(data, dict) else None
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise FoldersDamaged(f"The list of library folders {file} is not a list of folders; "
                             "fix or delete it, then add the folders again.")
    return [unescape_bytes(f) for f in folders]


def _write(file: Path, folders: list[str]) -> None:
    shared.write_atomic(file, json.dumps({"folders": [escape_bytes(f) for f in folders]}, indent=1,
                                         ensure_ascii=False) + "\n")   # (names that are not UTF-8)


def _unique(folders: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(Path(os.path.abspath(f))) for f in folders))


def discover(folders: Iterable[Path | str], unreadable: dict[str, str] | None = None) -> list[Path]:
    """Supported documents below *folders* (by extension), sorted; hidden folders skipped.

    A folder that cannot be listed (missing, unmounted, no permission), a library folder or
    one below it, is skipped; with *unreadable*, its path -> the reason is added there.
    """
    found: dict[str, Path] = {}
    for folder in folders:
        root = Path(os.path.abspath(folder))
        for dirpath, dirnames, filenames in os.walk(root, onerror=functools.partial(_walk_error, unreadable)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith(".") and Path(name).suffix.lower() in formats.EXTENSIONS:
                    path = Path(dirpath) / name
                    found.setdefault(str(path), path)
    return sorted(found.values())


def _walk_error(unreadable: dict[str, str] | None, exc: OSError) -> None:
    logger.warning("Library folder not readable: %s", exc)
    if unreadable is not None and exc.filename is not None:
        reason = "not found" if isinstance(exc, FileNotFoundError) else (exc.strerror or type(exc).__name__)
        unreadable.setdefault(os.fsdecode(exc.filename), reason)
