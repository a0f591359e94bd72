"""The documents of the library as a reader lists them: by title and UN symbol, one entry per
document however many copies of it the folders hold.

Read from the index's file records (title, own symbol, page count, content hash); two
records are one document when their content hash is the same, or when they carry the same
UN symbol, page count and title (the same document saved twice, e.g. downloaded again; the
title keeps apart the language versions the UN issues under one symbol). Qt-free; the index
reads it through :func:`index.catalogue.load`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reader.core.paths import readable


@dataclass(frozen=True)
class CatalogueEntry:
    title: str
    symbol: str                 # the document's own UN symbol, "" when it has none
    pages: int
    paths: tuple[str, ...]      # every copy, sorted; the first is opened

    @property
    def names(self) -> str:
        """The file names, for the secondary line ("a.pdf", "a.pdf (2 copies)"), readable
        when they are not UTF-8."""
        first = readable(Path(self.paths[0]).name)
        return first if len(self.paths) == 1 else f"{first} ({len(self.paths)} copies)"


def catalogue(records: list[dict]) -> list[CatalogueEntry]:
    """One entry per document among the index's file *records* (skipped files left out),
    sorted by title in natural order ("Resolution 9" before "Resolution 10"), then symbol."""
    records = [r for r in records if not r.get("error") and r.get("path")]
    groups = _group(records)
    entries = [_entry(group) for group in groups]
    return sorted(entries, key=sort_key)


def sort_key(entry: CatalogueEntry) -> tuple:
    title = re.sub(r"^(the|a|an)\s+", "", entry.title.strip().casefold())
    return (_natural(title), _natural(entry.symbol.casefold()), entry.paths)


def _natural(text: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def _group(records: list[dict]) -> list[list[dict]]:
    """Union the records that share a hash, or a symbol, a page count and a title."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of: dict[tuple, int] = {}
    for i, record in enumerate(records):
        keys = [("hash", record["hash"])] if record.get("hash") else []
        if record.get("symbol"):
            keys.append(("symbol", record["symbol"], record.get("pages", 0),
                         " ".join(str(record.get("title") or "").casefold().split())))
        for key in keys:
            if key in first_of:
                parent[root(i)] = root(first_of[key])
            else:
                first_of[key] = i
    groups: dict[int, list[dict]] = {}
    for i, record in enumerate(records):
        groups.setdefault(root(i), []).append(record)
    return list(groups.values())


def _entry(group: list[dict]) -> CatalogueEntry:
    paths = tuple(sorted(str(r["path"]) for r in group))
    # A title found in the document beats one that is only its file name.
    titles = [str(r.get("title") or "") for r in sorted(group, key=lambda r: str(r["path"]))]
    stems = {Path(p).stem for p in paths}
    title = next((t for t in titles if t and t not in stems), titles[0] or Path(paths[0]).stem)
    symbol = next((str(r["symbol"]) for r in group if r.get("symbol")), "")
    return CatalogueEntry(title, symbol, max(int(r.get("pages") or 0) for r in group), paths)
