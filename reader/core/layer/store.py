"""One layer file per document: ``<data>/layers/<sha256 of the file>.json`` (docs/LAYER.md).

Keyed by the content hash the prepared record uses (:func:`reader.core.document.content_hash`),
so a moved or renamed copy keeps its layer. Every change is a transaction on the file as it is
now (:mod:`reader.core.shared`): take its lock, read it, apply the change, write it
atomically. Two windows, or a window and ``ibid annotations --add-…``, each add their own
items to what the other wrote: nothing is lost. A file that does not parse is renamed aside
(``….json.damaged-<time>``) and :attr:`LayerStore.notice` says where, for the user; one
written by a newer Ibid (a higher ``version``) is neither read nor overwritten
(:class:`LayerError`).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from reader.core import shared
from reader.core.errors import LayerError
from reader.core.layer.model import Item, item_from_json, item_to_json, touched

logger = logging.getLogger(__name__)

#: What the file says it is, and the schema version this code writes (docs/LAYER.md).
FORMAT = "ibid-layer"
VERSION = 1
SUFFIX = ".json"
#: Places a layer remembers its document at (a file is known again there after it changed).
MAX_PATHS = 8


def layer_path(folder: Path, digest: str) -> Path:
    return Path(folder) / f"{digest}{SUFFIX}"


def stamp(folder: Path, digest: str) -> str:
    """What the layer file of *digest* is now, to tell that it changed: its modification time
    (ns) and size, or "" when there is none (or it cannot be looked at). Every change is
    written as a new file renamed over the old one (:meth:`LayerStore._update`), so a change
    gives a new stamp; the library index keeps it to read a document again when its layer
    changed though the document did not."""
    try:
        info = layer_path(folder, digest).stat()
    except OSError:
        return ""
    return f"{info.st_mtime_ns}:{info.st_size}"


class LayerStore:
    """The layer of the document whose content hash is *digest*, below *folder* (``Paths.layers``)."""

    def __init__(self, folder: Path, digest: str, document: Path | None = None) -> None:
        self.path = layer_path(folder, digest)
        self.digest = digest
        #: Where the document is (recorded with each change: a changed file is known by its place).
        self.document = document
        #: The sentence to show the user when the file was damaged and set aside, else "".
        self.notice = ""
        self._seen: list[str] = []   # where the document was, as the file says

    # -- reading ----------------------------------------------------------------------------
    def items(self) -> list[Item]:
        """Every item, oldest first, as the file holds them now (another process may have
        written it). OSError when it cannot be read; LayerError when it is from a newer Ibid."""
        if not self.path.exists():
            return []
        with shared.locked(self.path):
            return self._read()

    def _read(self) -> list[Item]:
        """The items (call it holding the lock); a damaged file is set aside: then []."""
        data, notice = shared.read(self.path, self._parse, "annotation layer")
        if notice:
            self.notice = notice
        return list(data or [])

    def _parse(self, text: str) -> list[Item]:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("items"), list):
            raise ValueError("not an Ibid annotation layer")
        version = data.get("version")
        if not isinstance(version, int):
            raise ValueError("its version is missing")
        if version > VERSION:
            raise LayerError(f"The annotations of this document ({self.path}) were written by a newer "
                             "version of Ibid; update Ibid to read or change them.")
        seen = data.get("paths", [])
        self._seen = [p for p in seen if isinstance(p, str)] if isinstance(seen, list) else []
        return [item_from_json(d) for d in data["items"]]

    def seen_at(self) -> list[str]:
        """Where the document was when its layer was changed (most recent last)."""
        self.items()
        return list(self._seen)

    # -- changing ---------------------------------------------------------------------------
    def add(self, item: Item) -> Item:
        self._update(lambda items: [*items, item])
        return item

    def replace(self, item: Item) -> Item:
        """Put *item* in place of the item with its id (its ``modified`` time set now);
        KeyError when there is none (another window deleted it)."""
        item = touched(item)

        def change(items: list[Item]) -> list[Item]:
            if not any(i.id == item.id for i in items):
                raise KeyError(item.id)
            return [item if i.id == item.id else i for i in items]
        self._update(change)
        return item

    def remove(self, item_id: str) -> Item | None:
        """Delete the item *item_id* and the comments on it; the item, or None if it was gone."""
        removed: list[Item] = []

        def change(items: list[Item]) -> list[Item]:
            removed.extend(i for i in items if i.id == item_id)
            return [i for i in items if i.id != item_id and getattr(i, "on", "") != item_id]
        self._update(change)
        return removed[0] if removed else None

    def _update(self, change: Callable[[list[Item]], list[Item]]) -> None:
        with shared.locked(self.path):
            self._seen = []
            items = change(self._read())
            seen = self._seen
            if self.document is not None:
                here = str(Path(self.document).resolve())
                seen = [*(p for p in seen if p != here), here][-MAX_PATHS:]
            document = {"format": FORMAT, "version": VERSION, "sha256": self.digest, "paths": seen,
                        "items": [item_to_json(i) for i in items]}
            shared.write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
