"""Where Ibid keeps its files. Every path comes from one ``Paths`` object.

``--basedir DIR`` (and tests, through :meth:`Paths.under`) move everything below one
folder, so a test never touches the user's real settings, index or cache.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from reader import APP_NAME


@dataclass(frozen=True)
class Paths:
    config: Path   # settings.toml
    data: Path     # the search index, per-document state
    cache: Path    # laid-out reflowable documents, thumbnails
    state: Path    # recent files, window state
    base: Path | None = None   # set by --basedir: child processes get the same one

    @classmethod
    def default(cls) -> Paths:
        dirs = platformdirs.PlatformDirs(APP_NAME.lower(), appauthor=False)
        return cls(Path(dirs.user_config_dir), Path(dirs.user_data_dir),
                   Path(dirs.user_cache_dir), Path(dirs.user_state_dir))

    @classmethod
    def under(cls, base: Path) -> Paths:
        base = Path(base)
        return cls(base / "config", base / "data", base / "cache", base / "state", base)

    # Tests read better with this name (qutebrowser's --temp-basedir).
    temporary = under

    def cli_args(self) -> list[str]:
        """Arguments that make a child ``ibid`` use these paths."""
        return ["--basedir", str(self.base)] if self.base else []

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def index_dir(self) -> Path:
        return self.data / "index"

    @property
    def library_file(self) -> Path:
        """The library folders (owned by ``index/folders.py``), beside the index."""
        return self.data / "library.json"

    @property
    def layers(self) -> Path:
        """The reader's own layer of each document (``reader.core.layer``): highlights,
        comments, bookmarks and note corrections, beside the index. Never a cache: the user
        made it."""
        return self.data / "layers"

    @property
    def layout_cache(self) -> Path:
        return self.cache / "layout"

    @property
    def records(self) -> Path:
        """Prepared records of documents (``reader.core.record``), shared by the window,
        ``ibid footnotes`` and the indexer."""
        return self.cache / "prepared"

    def ensure(self) -> Paths:
        for folder in (self.config, self.data, self.cache, self.state):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resources_dir() -> Path:
    """The ``resources/`` folder, from a checkout, an installed wheel or a bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller one-folder build: datas are copied to reader/resources
        return Path(bundle) / "reader" / "resources"
    here = Path(__file__).resolve().parents[1]
    packaged = here / "resources"
    if packaged.is_dir():  # the wheel maps resources/ to reader/resources
        return packaged
    return here.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def samples_dir() -> Path:
    return resource("samples")


def export_path(name: str) -> Path:
    """Where an export named *name* is suggested: the user's Documents folder (platformdirs:
    XDG_DOCUMENTS_DIR, ~/Documents, the Windows known folder), never beside the document,
    which for a bundled sample is inside the installed app (uninstalling deleted the export)."""
    return Path(platformdirs.user_documents_dir()) / name


class NotAFile(OSError):
    """*path* is not a regular file (a folder, a named pipe, a device, a socket): reading
    it would block until a writer comes (a FIFO) or never end (``/dev/zero``).
    ``strerror`` says what it is, as the end of a sentence."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a document", str(path))
        self.kind = kind


#: What a path is, by its ``stat`` mode, when it is not a regular file.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def regular_file(path: Path) -> os.stat_result:
    """``os.stat`` of *path*, links followed, when it is a regular file; NotAFile when it is
    anything else, OSError when it cannot be looked at. Call it before opening a file."""
    found = os.stat(path)
    if stat.S_ISREG(found.st_mode):
        return found
    kind = next((name for test, name in _KINDS if test(found.st_mode)), "not a regular file")
    raise NotAFile(path, kind)


def folder_unreadable(folder: Path | str) -> str:
    """Why *folder* cannot be listed, in a few words ("not found", "Permission denied"); ""
    when it can. (An unmounted drive, a folder made unreadable: the library calls it offline.)"""
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except FileNotFoundError:
        return "not found"
    except NotADirectoryError:
        return "not a folder"
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return ""


def readable(name: str) -> str:
    """*name* (a file name or path) for showing: bytes that are not UTF-8, which Python keeps
    as lone surrogates (PEP 383) and which Qt, JSON and UTF-8 output cannot carry, become �."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_RAW_BYTE = re.compile("[\udc80-\udcff]")
_ESCAPED_BYTE = re.compile("\x00([0-9a-f]{2})")


def escape_bytes(name: str) -> str:
    """*name* storable as UTF-8 (in the index, the settings file). A file name that is not
    UTF-8 (made on another system) reaches Python with its bad bytes as lone surrogates
    (PEP 383), which no UTF-8 store takes; each becomes NUL and two hex digits. No path
    holds NUL, so :func:`unescape_bytes` gives the name back; prefixes are kept (folder
    queries) and every other name is left as it is."""
    if not _RAW_BYTE.search(name):
        return name
    return _RAW_BYTE.sub(lambda m: f"\x00{ord(m.group()) - 0xdc00:02x}", name)


def on_disk(shown: str | Path) -> Path | None:
    """The existing path that *shown*, a path as Qt gives it back, stands for; None when
    there is none, or more than one.

    Qt decodes file names as UTF-8 and loses the bytes that are not (it drops them, or shows
    U+FFFD), so a folder named ``b"caf\\xe9"`` comes back from a file dialog as "caf" or
    "caf\\ufffd". Each part of *shown* that does not exist is looked up among its parent's
    entries whose names are not UTF-8, by the name Qt would show.
    """
    path = Path(shown)
    if os.path.lexists(path) or not path.is_absolute():
        return path if os.path.lexists(path) else None
    found = Path(path.anchor)
    for part in path.parts[1:]:
        if os.path.lexists(found / part):
            found = found / part
            continue
        try:
            names = os.listdir(found)
        except OSError:
            return None
        shown_key = part.replace("\ufffd", "")
        matches = [n for n in names if readable(n) != n and readable(n).replace("\ufffd", "") == shown_key]
        if len(matches) != 1:
            return None
        found = found / matches[0]
    return found


def unescape_bytes(text: str) -> str:
    """The name (as ``os.fsdecode`` gives it) that :func:`escape_bytes` made *text* of."""
    if "\x00" not in text:
        return text
    return _ESCAPED_BYTE.sub(lambda m: chr(0xdc00 + int(m.group(1), 16)), text)
