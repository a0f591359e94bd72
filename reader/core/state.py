"""Reading state kept across runs: recent files and the last position in each document.

Positions are keyed by a cheap content fingerprint, not by path, so a moved or renamed
file opens where it was left (sioyek does the same). Stored as JSON.

Two windows share the file: every change (a position, a recent file) is applied to what the
file holds at that moment and written atomically (:mod:`reader.core.shared`), so neither
erases the other's. A damaged file is renamed aside and ``ReadingState.notice`` says so.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core import shared
from reader.core.errors import NotSaved
from reader.core.navigation import Location
from reader.core.pagelayout import PageLayout
from reader.core.paths import regular_file

logger = logging.getLogger(__name__)
#: Documents whose last position is kept; the oldest go first.
MAX_POSITIONS = 500
#: Tabs reopened at start (a window left with more reopens the first ones).
MAX_OPEN_TABS = 50


@dataclass(frozen=True)
class OpenTab:
    """A tab open when the window closed: its file, where it was, and its pane (0 left, 1 right)."""
    path: Path
    where: Location
    pane: int = 0

    def to_json(self) -> dict:
        w = self.where
        return {"path": str(Path(self.path).resolve()), "page": w.page, "y": round(w.y, 1),
                "zoom": round(w.zoom or 1.0, 3), "fit": w.fit if w.fit in ("width", "page") else "none",
                "pane": self.pane}

    @classmethod
    def from_json(cls, value) -> OpenTab | None:
        """The tab *value* describes, or None when it is not one (a damaged or older entry)."""
        try:
            fit = value.get("fit") if value.get("fit") in ("width", "page") else None
            where = Location(int(value["page"]), float(value.get("y", 0.0)), float(value.get("zoom", 1.0)), fit=fit)
            path = value["path"]
            if not isinstance(path, str) or not path or where.page < 0:
                return None
            return cls(Path(path), where, 1 if value.get("pane") == 1 else 0)
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


try:   # CPython's own SHA-256 (at most 128 KiB a file here): hashlib loads OpenSSL, 2.5 ms of start-up
    from _sha256 import sha256 as _sha256
except ImportError:   # (another Python, or 3.12's _sha2): the same digest
    from hashlib import sha256 as _sha256


def fingerprint(path: Path) -> str:
    """Hash of size + first and last 64 KiB: fast on big files, stable across renames."""
    size = regular_file(path).st_size    # NotAFile (an OSError) for a pipe or a device
    digest = _sha256(str(size).encode())
    with open(path, "rb") as handle:
        digest.update(handle.read(65536))
        if size > 131072:
            handle.seek(-65536, os.SEEK_END)
            digest.update(handle.read(65536))
    return digest.hexdigest()[:32]


class ReadingState:
    def __init__(self, file: Path, recent_max: int = 12) -> None:
        self._file = file
        self._recent_max = recent_max
        #: The sentence to show the user when the file was damaged or unreadable, else "".
        self.notice = ""
        self._data: dict = {}
        self._load()

    def _load(self) -> dict:
        """Read the file as it is now (another window may have written it)."""
        try:
            with shared.locked(self._file):
                data, notice = shared.read(self._file, json.loads, "reading state")
        except OSError as exc:
            logger.warning("Could not read the state file %s: %s", self._file, exc)
            data, notice = None, f"The reading state {self._file} could not be read ({exc.strerror})."
        self.notice = notice or self.notice
        self._data = data if isinstance(data, dict) else {}
        return self._data

    def _update(self, change: Callable[[dict], None], what: str) -> None:
        """Apply *change* to the file's current content and write it back, holding its lock.
        NotSaved (saying *what* was not saved, and why) when the file cannot be written."""
        try:
            with shared.locked(self._file):
                data, notice = shared.read(self._file, json.loads, "reading state")
                data = data if isinstance(data, dict) else {}
                change(data)
                shared.write_atomic(self._file, json.dumps(data, indent=1))
        except OSError as exc:   # a full disk, a read-only folder: the file keeps its last state
            logger.warning("Could not write the reading state %s: %s", self._file, exc)
            raise NotSaved(what, self._file.parent, exc.strerror or str(exc)) from exc
        self.notice = notice or self.notice
        self._data = data

    # -- recent files ----------------------------------------------------------
    def recent(self) -> list[Path]:
        recent = self._load().get("recent", [])
        return [Path(p) for p in recent if isinstance(p, str)] if isinstance(recent, list) else []

    def recent_labels(self) -> dict[str, str]:
        """What Open Recent names each recent file by (its title and symbol, found when it
        was open), by the path as :meth:`recent` gives it; files without one are left out."""
        labels = self._load().get("recent_labels")
        return {k: v for k, v in labels.items() if isinstance(v, str) and v} if isinstance(labels, dict) else {}

    def add_recent(self, path: Path, label: str = "") -> None:
        """Put *path* first in the recent files; *label* names it in the menu (kept until
        the file leaves the list, so the menu never opens files to name them)."""
        text = str(Path(path).resolve())

        def change(data: dict) -> None:
            recent = data.get("recent") if isinstance(data.get("recent"), list) else []
            data["recent"] = [text, *(p for p in recent if p != text)][: self._recent_max]
            labels = data.get("recent_labels") if isinstance(data.get("recent_labels"), dict) else {}
            if label:
                labels[text] = label
            data["recent_labels"] = {p: labels[p] for p in data["recent"] if isinstance(p, str) and p in labels}
        self._update(change, "the list of recent files")

    def clear_recent(self) -> None:
        def change(data: dict) -> None:
            data["recent"], data["recent_labels"] = [], {}
        self._update(change, "the cleared list of recent files")

    # -- the document open at quit ---------------------------------------------------
    def last_open(self) -> Path | None:
        """The document that was open when Ibid last quit (None: none, or never quit yet)."""
        value = self._load().get("open_at_quit")
        return Path(value) if isinstance(value, str) and value else None

    def set_last_open(self, path: Path | None) -> None:
        """Remember *path* for the next start; NotSaved when the state cannot be written."""
        value = str(Path(path).resolve()) if path else ""
        self._update(lambda data: data.__setitem__("open_at_quit", value), "the document to reopen")

    # -- the tabs open at quit ------------------------------------------------------
    def open_tabs(self) -> tuple[list[OpenTab], int]:
        """The tabs open when Ibid last quit, and which one was current ([] when none kept)."""
        data = self._load()
        tabs = data.get("open_tabs")
        found = [t for t in map(OpenTab.from_json, tabs[:MAX_OPEN_TABS]) if t] if isinstance(tabs, list) else []
        current = data.get("current_tab")
        return found, current if isinstance(current, int) and 0 <= current < len(found) else 0

    def set_open_tabs(self, tabs: list[OpenTab], current: int = 0) -> None:
        """Remember *tabs* (the *current*-th in front) for the next start; NotSaved when it cannot."""
        entries = [t.to_json() for t in tabs[:MAX_OPEN_TABS]]

        def change(data: dict) -> None:
            data["open_tabs"], data["current_tab"] = entries, current
        self._update(change, "the open tabs")

    # -- positions ---------------------------------------------------------------
    def position(self, key: str) -> tuple[int, float, float, str | None] | None:
        """(page, y, zoom, fit) last saved for *key*; fit is "width", "page" or None (a fixed zoom)."""
        positions = self._load().get("positions")
        value = positions.get(key) if isinstance(positions, dict) else None
        try:
            page, y, zoom, *rest = value
            fit = rest[0] if rest and rest[0] in ("width", "page") else None   # 3 items before fit was kept
            return int(page), float(y), float(zoom), fit
        except (TypeError, ValueError):
            return None

    def set_position(self, key: str, page: int, y: float, zoom: float, fit: str | None = None) -> None:
        entry = [page, round(y, 1), round(zoom, 3), fit if fit in ("width", "page") else "none"]

        def change(data: dict) -> None:
            positions = data.get("positions") if isinstance(data.get("positions"), dict) else {}
            positions.pop(key, None)
            positions[key] = entry
            while len(positions) > MAX_POSITIONS:
                positions.pop(next(iter(positions)))
            data["positions"] = positions
        self._update(change, "the reading position")

    # -- page layouts (rotation, facing pages) -----------------------------------------
    def page_layout(self, key: str) -> PageLayout:
        """How the document *key* was last laid out (the default when never changed)."""
        layouts = self._load().get("layouts")
        value = layouts.get(key) if isinstance(layouts, dict) else None
        return PageLayout.from_json(value) or PageLayout()

    def set_page_layout(self, key: str, layout: PageLayout) -> None:
        """Keep *layout* for the document *key*; the default is not stored. NotSaved as set_position."""
        def change(data: dict) -> None:
            layouts = data.get("layouts") if isinstance(data.get("layouts"), dict) else {}
            layouts.pop(key, None)
            if layout != PageLayout():
                layouts[key] = layout.to_json()
            while len(layouts) > MAX_POSITIONS:
                layouts.pop(next(iter(layouts)))
            data["layouts"] = layouts
        self._update(change, "the page layout")
