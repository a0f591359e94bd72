"""Reading state kept across runs: recent files and the last position in each document.

Positions are keyed by a cheap content fingerprint, not by path, so a moved or renamed
file opens where it was left (sioyek does the same). Written atomically as JSON.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)


def fingerprint(path: Path) -> str:
    """Hash of size + first and last 64 KiB: fast on big files, stable across renames."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
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
        self._data = self._load()

    def _load(self) -> dict:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                return data
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            logger.warning("Ignoring unreadable state file %s: %s", self._file, exc)
        return {}

    def save(self) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._data, indent=1), encoding="utf-8")
        os.replace(tmp, self._file)

    # -- recent files ----------------------------------------------------------
    def recent(self) -> list[Path]:
        return [Path(p) for p in self._data.get("recent", []) if isinstance(p, str)]

    def add_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        items = [p for p in self._data.get("recent", []) if p != text]
        self._data["recent"] = [text, *items][: self._recent_max]
        self.save()

    def clear_recent(self) -> None:
        self._data["recent"] = []
        self.save()

    # -- the document open at quit ---------------------------------------------------
    def last_open(self) -> Path | None:
        """The document that was open when Ibid last quit (None: none, or never quit yet)."""
        value = self._data.get("open_at_quit")
        return Path(value) if isinstance(value, str) and value else None

    def set_last_open(self, path: Path | None) -> None:
        """Remember *path* for the next start; a state folder that cannot be written costs
        only that (this runs while the window closes)."""
        self._data["open_at_quit"] = str(Path(path).resolve()) if path else ""
        try:
            self.save()
        except OSError as exc:
            logger.warning("Could not remember the open document: %s", exc)

    # -- positions ---------------------------------------------------------------
    def position(self, key: str) -> tuple[int, float, float] | None:
        value = self._data.get("positions", {}).get(key)
        try:
            page, y, zoom = value
            return int(page), float(y), float(zoom)
        except (TypeError, ValueError):
            return None

    def set_position(self, key: str, page: int, y: float, zoom: float) -> None:
        positions = self._data.setdefault("positions", {})
        positions.pop(key, None)
        positions[key] = [page, round(y, 1), round(zoom, 3)]
        while len(positions) > 500:
            positions.pop(next(iter(positions)))
        self.save()
