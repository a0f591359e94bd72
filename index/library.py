"""The library: the folders the user added, the documents in them, and their index.

The glue the command line and the window use (``reader.core`` does not import ``index``).
The folder list is ``Paths.library_file``, owned by :mod:`index.folders`; the index lives
in ``Paths.index_dir`` (the platform data directory, never beside the user's files).
``Library.resolve(symbol)`` answers the citations module's question "do I have this UN
document locally, and where?".
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from index import folders as folder_list
from index.build import BuildReport, build
from index.folders import discover
from index.schema import TEXT_ONLY
from index.search import Citing, Hit, LibraryIndex, cited_by, search
from reader.core import layer
from reader.core.citations.model import LocalDocument
from reader.core.paths import Paths
from reader.core.settings import Settings, legacy_library_folders

logger = logging.getLogger(__name__)
__all__ = ["IndexResolver", "Library", "add_library_folder", "discover", "library_folders",
           "remove_library_folder"]


def library_folders(paths: Paths) -> list[Path]:
    """The library folders, read now; the old settings list is migrated on the first read."""
    return folder_list.read_folders(paths.library_file, _legacy(paths))


def add_library_folder(paths: Paths, folder: Path | str) -> Path:
    """Add *folder* to the list on disk now (before any indexing); ReaderError if it is no folder."""
    return folder_list.add_folder(paths.library_file, folder, _legacy(paths))


def remove_library_folder(paths: Paths, folder: Path | str) -> bool:
    """Take *folder* out of the list on disk now; False if it was not in it."""
    return folder_list.remove_folder(paths.library_file, folder, _legacy(paths))


def _legacy(paths: Paths):
    return lambda: legacy_library_folders(paths.settings_file)


class Library:
    """The user's library: its folders (:mod:`index.folders`), the documents below them, their index."""

    def __init__(self, paths: Paths, settings: Settings | None = None) -> None:
        self.paths = paths
        self.settings = settings if settings is not None else Settings.load(paths.settings_file)

    # -- folders -----------------------------------------------------------------------
    @property
    def folders(self) -> list[Path]:
        """The folders, read now (another process may have changed them); FoldersDamaged."""
        return library_folders(self.paths)

    def add_folder(self, folder: Path | str) -> Path:
        """Add *folder* to the library; ReaderError if it is no folder."""
        return add_library_folder(self.paths, folder)

    def remove_folder(self, folder: Path | str) -> bool:
        """Remove *folder* from the library; False if it was not in it."""
        return remove_library_folder(self.paths, folder)

    def files(self) -> list[Path]:
        """Every supported document in the library folders (missing folders are skipped)."""
        return self.scan()[0]

    def scan(self) -> tuple[list[Path], dict[str, str]]:
        """(every supported document in the library folders, the folders that could not be
        read: path -> reason). A folder missing or unreadable is *offline*, not empty."""
        offline: dict[str, str] = {}
        return discover(self.folders, offline), offline

    # -- index -------------------------------------------------------------------------
    @property
    def index_dir(self) -> Path:
        return self.paths.index_dir

    def update(self, *, progress=None, cancel=None, wait: float = 10.0) -> BuildReport:
        """Bring the index in line with the library folders; IndexBusy after *wait* seconds."""
        files, offline = self.scan()
        return build(self.index_dir, files, progress=progress, cancel=cancel, wait=wait, offline=offline,
                     limits=self.settings.limits, cache_dir=self.paths.layout_cache, records=self.paths.records,
                     layers=self.paths.layers)

    def search(self, query: str, **options) -> list[Hit]:
        return search(self.index_dir, query, **options)

    def cited_by(self, symbol: str) -> list[Citing]:
        return cited_by(self.index_dir, symbol)

    def resolve(self, symbol: str, paragraph: int | None = None) -> LocalDocument | None:
        """The library document whose own UN symbol is *symbol* (any spacing/case), or None;
        at the page where numbered *paragraph* begins when it is found, else at its start.

        This makes a Library a ``reader.core.citations.Resolver``.
        """
        with IndexResolver(self.index_dir) as resolver:
            return resolver.resolve(symbol, paragraph)

    def status(self) -> dict:
        """Folders, indexed documents and pages, skipped files, pending changes, index size,
        and the folders offline (their documents kept, not pending)."""
        with LibraryIndex(self.index_dir) as library:
            records = library.files()
        indexed = {r["path"]: r for r in records}
        files, offline = self.scan()
        on_disk = {str(p): p for p in files}
        pending = [p for p, path in on_disk.items() if _changed(path, indexed.get(p), self.paths.layers)]
        kept = {folder: [p for p in indexed if p not in on_disk and _below(p, folder)] for folder in offline}
        gone = set(indexed) - set(on_disk) - {p for paths in kept.values() for p in paths}
        return {
            "index": str(self.index_dir),
            "folders": [str(f) for f in self.folders],
            "documents": sum(1 for r in records if not r.get("error")),
            "pages": sum(r.get("pages", 0) for r in records if not r.get("error")),
            "skipped": [{"path": r["path"], "reason": r["error"]} for r in records if r.get("error")],
            "pending": len(pending) + len(gone),
            # text indexed, notes and citations not yet (the second pass: ibid index update)
            "unanalysed": sum(1 for r in records if r.get("analysed") == TEXT_ONLY and not r.get("error")),
            "size_bytes": _folder_size(self.index_dir),
            "offline": [{"folder": f, "reason": offline[f], "documents": len(kept[f])} for f in offline],
        }


def _below(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _changed(path: Path, record: dict | None, layers: Path) -> bool:
    """Whether an update would read *path* again (it, or the reader's layer of it, changed).
    A file that cannot be looked at (a dangling link) is skipped by every update until it
    changes: it is not pending."""
    try:
        stat = path.stat()
    except OSError:
        return False
    if record is None:
        return True
    if record.get("size") != stat.st_size or record.get("mtime") != stat.st_mtime:
        return True
    return layer.stamp(layers, record.get("hash", "")) != record.get("layer", "")


def _folder_size(folder: Path) -> int:
    try:
        return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    except OSError:
        return 0


class IndexResolver:
    """Symbol -> library document, for a whole document's citations: one open index, cached.

    ``Library.resolve`` opens the index for every question; resolving the citations of a
    document asks dozens, so this keeps one ``LibraryIndex`` open. Use it as a context manager.
    """

    def __init__(self, index_dir: Path) -> None:
        self._library = LibraryIndex(index_dir)
        self._seen: dict[tuple[str, int | None], LocalDocument | None] = {}

    def __enter__(self) -> IndexResolver:
        return self

    def __exit__(self, *exc) -> None:
        self._library.close()

    def resolve(self, symbol: str, paragraph: int | None = None) -> LocalDocument | None:
        key = (symbol, paragraph)
        if key not in self._seen:
            records = [r for r in self._library.documents_with_symbol(symbol) if not r.get("error")]
            best = min((r["path"] for r in records), default=None)
            page = self._library.paragraph_page(best, paragraph) if best and paragraph else None
            self._seen[key] = LocalDocument(best, page) if best else None
        return self._seen[key]

    def title(self, symbol: str) -> str | None:
        """The title of the library's copy of *symbol* (None when the library has none)."""
        records = [r for r in self._library.documents_with_symbol(symbol) if not r.get("error") and r.get("title")]
        return min(records, key=lambda r: r["path"])["title"] if records else None
