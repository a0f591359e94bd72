"""Narrowing the Library list as a Zotero user does: a filter box and a few facets (organ,
year, folder) read from each document's UN symbol and paths. Qt-free.

The facets come from the symbol because that is what a UN document carries everywhere (its
file records hold no dates): "A/RES/78/5" is the General Assembly's, of its 78th session
(opened in 2023); "S/2023/960" the Security Council's, 2023.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reader.core.catalogue import CatalogueEntry
from reader.core.citations import symbol_key

#: Symbol prefixes and the organ they name, the most specific first (the first that matches wins).
ORGANS: tuple[tuple[str, str], ...] = (
    ("A/HRC/", "Human Rights Council (HRC)"),
    ("A/", "General Assembly (GA)"),
    ("S/", "Security Council (SC)"),
    ("E/C.12/", "Committee on Economic, Social and Cultural Rights (CESCR)"),
    ("E/", "Economic and Social Council (ECOSOC)"),
    ("ST/", "Secretariat (ST)"),
    ("CCPR/", "Human Rights Committee (CCPR)"),
    ("CEDAW/", "Committee on the Elimination of Discrimination against Women (CEDAW)"),
    ("CERD/", "Committee on the Elimination of Racial Discrimination (CERD)"),
    ("CRC/", "Committee on the Rights of the Child (CRC)"),
    ("CAT/", "Committee against Torture (CAT)"),
    ("TD/", "UN Trade and Development (UNCTAD)"),
    ("UNEP/", "UN Environment Programme (UNEP)"),
    ("DP/", "UNDP, UNFPA and UNOPS Executive Board (DP)"),
)
#: The General Assembly's first session opened in 1946: session N opened in 1945 + N.
GA_FIRST_YEAR = 1945
#: Years a symbol may print ("S/2023/960", "S/RES/853 (1993)"): the UN's first to a far future.
YEARS = range(1946, 2100)
_GA_SESSION = re.compile(r"^A/(?:RES/|C\.\d/|INF/|BUR/)?(\d{1,3})/")
_DATED = re.compile(r"\((\d{4})\)")


def organ_of(symbol: str) -> str:
    """The organ a UN *symbol* belongs to ("" for none); another series is named by its first part."""
    key = symbol_key(symbol) if symbol else ""
    if not key:
        return ""
    found = next((name for prefix, name in ORGANS if key.startswith(prefix)), None)
    return found if found is not None else key.split("/")[0]


def year_of(symbol: str) -> int | None:
    """The year a UN *symbol* names: one printed in it, else the year its GA session opened."""
    key = symbol_key(symbol) if symbol else ""
    dated = _DATED.search(key)                   # "S/RES/2000 (2011)": the year, not the number
    if dated and int(dated.group(1)) in YEARS:
        return int(dated.group(1))
    parts = key.split("/")
    printed = [int(p) for i, p in enumerate(parts) if re.fullmatch(r"\d{4}", p) and int(p) in YEARS
               and (i == 0 or parts[i - 1] != "RES")]   # "S/2023/960"; not resolution 1973
    if printed:
        return printed[0]
    session = _GA_SESSION.match(key)
    return GA_FIRST_YEAR + int(session.group(1)) if session else None


@dataclass(frozen=True)
class LibraryFilter:
    """What the Library list shows: every field empty (or None) lets every document through."""
    text: str = ""                 # words of the title or file name, or the start of a symbol
    organ: str = ""                # as organ_of names it
    year: int | None = None
    folder: str = ""               # a library folder: documents with a copy below it

    def matches(self, entry: CatalogueEntry) -> bool:
        return (self._text_matches(entry) and (not self.organ or organ_of(entry.symbol) == self.organ)
                and (self.year is None or year_of(entry.symbol) == self.year)
                and (not self.folder or any(_below(p, self.folder) for p in entry.paths)))

    def _text_matches(self, entry: CatalogueEntry) -> bool:
        words = self.text.casefold().split()
        if not words:
            return True
        if entry.symbol and symbol_key(entry.symbol).startswith(symbol_key(self.text)):
            return True     # "A/RES/78" finds A/RES/78/5 and A/RES/78/229
        haystack = " ".join([entry.title, *(Path(p).name for p in entry.paths)]).casefold()
        return all(word in haystack for word in words)


def facets(entries: list[CatalogueEntry]) -> tuple[list[str], list[int]]:
    """The organs (by name) and years (newest first) that *entries* hold, for the filter's choices."""
    organs = sorted({o for o in (organ_of(e.symbol) for e in entries) if o})
    years = sorted({y for y in (year_of(e.symbol) for e in entries) if y is not None}, reverse=True)
    return organs, years


def _below(path: str, folder: str) -> bool:
    return Path(path).is_relative_to(folder)
