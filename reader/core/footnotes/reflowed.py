"""Notes of reflowable files (Markdown, HTML, text), placed on Ibid's own pages.

The markup gives the notes and markers (:mod:`markup`); ``doc.positions`` tells where each
element with an id landed. A marker inside plain text ("[3]") is placed by searching its
printed form inside its paragraph's rectangle.
"""
from __future__ import annotations

import re
from collections import Counter

from reader.core.footnotes import markup
from reader.core.footnotes.epub import PageText
from reader.core.footnotes.model import Footnote, Marker, Ticker

Rect = tuple[float, float, float, float]
_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid\s*=\s*["']?([^"'\s>]+)""")


def analyze_reflowed(doc, ticker: Ticker) -> list[Footnote]:
    ticker.check()
    notes, pairs = markup.find(doc.html or "")
    ticker.tick(doc.page_count)
    finder = _Finder(doc, repeated_ids(doc.html or ""))
    refs: dict[int, list[Marker]] = {id(n): [] for n in notes}
    for marker, note in pairs:
        if note is None or id(note) not in refs:
            continue
        placed = _place_marker(doc, marker, finder.repeated) or finder.get().marker(marker)
        if placed is not None and placed not in refs[id(note)]:
            refs[id(note)].append(placed)
    urls = markup.note_urls(notes)
    return [_footnote(doc, note, refs[id(note)], finder, urls[id(note)]) for note in notes]


class _Finder:
    """Page texts for elements without a laid-out id (plain HTML), read only when needed."""

    def __init__(self, doc, repeated: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.repeated = repeated
        self._finder = None

    def get(self) -> PageText:
        if self._finder is None:
            self._finder = PageText(self.doc.pdf, Ticker(self.doc.page_count, None, None))
        return self._finder


def repeated_ids(html: str) -> frozenset[str]:
    """Ids that several elements carry (chapters joined in one page): the layout's position of
    such an id mixes all of them, so it says nothing about one element."""
    counts = Counter(_ID.findall(html))
    return frozenset(k for k, n in counts.items() if n > 1)


def positions_of(doc, el: markup.Element | None, repeated: frozenset[str] = frozenset()) -> list[tuple[int, Rect]]:
    """Where *el* (or its nearest ancestor with a known id) was laid out; nothing when that id
    is one several elements carry (the caller then finds the text on the pages)."""
    while el is not None:
        key = el.attrs.get("id", "")
        if key in repeated:
            return []
        found = doc.positions.get(key)
        if found:
            return [(int(p), tuple(r)) for p, r in found]
        el = el.parent
    return []


def _place_marker(doc, marker: markup.RawMarker, repeated: frozenset[str]) -> Marker | None:
    where = positions_of(doc, marker.element, repeated)
    if not where:
        return None
    if marker.literal:
        for page, rect in where:
            hits = doc.pdf[page].search_for(marker.literal, clip=rect)
            if hits:
                return Marker(page, _round(hits[0]))
    if marker.lead and marker.printed:   # a link without an id: find "word" + "1" in its block
        needle = marker.lead + marker.printed
        for page, rect in where:
            hits = doc.pdf[page].search_for(needle, clip=rect)
            if hits:
                h = hits[0]
                share = len(marker.printed) / len(needle)
                return Marker(page, _round((h.x1 - share * (h.x1 - h.x0), h.y0, h.x1, h.y1)))
    page, rect = where[0]
    return Marker(page, _round(rect))


def _footnote(doc, note: markup.RawNote, refs: list[Marker], finder: _Finder,
              urls: tuple[str, ...]) -> Footnote:
    where = positions_of(doc, note.element, finder.repeated) or [finder.get().note(note)]
    page, rect = where[0]
    pages = tuple(sorted({p for p, _r in where})) or (page,)
    rects = [r for p, r in where if p == page] or [rect]
    union = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
    reason = note.reason + ("" if refs else "; no marker found")
    return Footnote(label=note.label, kind=note.kind, note_page=page, note_pages=pages,
                    note_rect=_round(union), note_text=note.text, refs=tuple(refs),
                    source="markup", reason=reason, urls=urls)


def _round(rect) -> Rect:
    return tuple(round(float(v), 2) for v in rect)
