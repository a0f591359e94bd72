"""One page of a :class:`~reader.core.document.Document`, as the window draws and reads it.

The window never touches PyMuPDF (``tests/gui/test_boundaries.py`` reads its source): it asks
a ``Document`` for ``page(index)`` and the page for a picture at a scale, its words, its
internal links, the places a phrase occurs, its text. Everything comes back as plain data
in PDF points, page space (origin at the top left); zoom, DPI and device pixels stay in the
GUI. A page that cannot be read answers with nothing (no words, no links, no hits); one
that cannot be drawn raises :class:`~reader.core.errors.PageError` with the sentence the
view paints in its place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pymupdf

from reader.core import find, render
from reader.core.document import MUPDF_ERRORS

if TYPE_CHECKING:
    from reader.core.document import Document

Rect = tuple[float, float, float, float]

#: The size a page is taken to have when MuPDF cannot say (A4, in points).
FALLBACK_SIZE = (595.0, 842.0)


@dataclass(frozen=True)
class Link:
    """A link to a place in the same document: where it is on its page, where it goes."""
    rect: Rect
    page: int      # 0-based target page
    y: float       # points from the target page's top

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.rect
        return x0 <= x <= x1 and y0 <= y <= y1


class Page:
    """Page *index* of *doc* (0-based); cheap to make: MuPDF loads the page when asked."""

    def __init__(self, doc: Document, index: int) -> None:
        self.doc, self.index = doc, index

    def size(self) -> tuple[float, float]:
        """(width, height) in points, without loading the page when the file is a PDF
        (its crop box; 315 pages in 12 ms); FALLBACK_SIZE when MuPDF cannot say."""
        pdf = self.doc.pdf
        try:
            box = pdf.page_cropbox(self.index) if pdf.is_pdf else pdf[self.index].rect
            return max(1.0, box.width), max(1.0, box.height)
        except MUPDF_ERRORS:
            return FALLBACK_SIZE

    def render(self, zoom: float = 1.0, dpr: float = 1.0, max_pixels: int | None = None, *,
               clip: Rect | None = None, night: bool = False) -> render.Rendered:
        """The page (or *clip* of it) as RGB samples at *zoom* x *dpr* pixels per point,
        capped at *max_pixels*; PageError with a sentence when it cannot be drawn."""
        return render.render_page(self.doc.pdf, self.index, zoom, dpr, max_pixels,
                                  clip=pymupdf.Rect(clip) if clip is not None else None, night=night)

    def words(self) -> list[tuple]:
        """The words of the page in reading order, as the view selects them: tuples
        ``(x0, y0, x1, y1, word, block, line, n)`` ([] when the page cannot be read)."""
        try:
            return [tuple(word) for word in render.page_words(self.doc.pdf[self.index])]
        except MUPDF_ERRORS:
            return []

    def links(self) -> list[Link]:
        """The page's links to places in the same document ([] when unreadable)."""
        try:
            raw = render.internal_links(self.doc.pdf[self.index])
        except MUPDF_ERRORS:
            return []
        found = []
        for link in raw:
            to = link.get("to")
            found.append(Link(tuple(link["from"]), int(link.get("page", 0)),
                              float(to.y) if to is not None else 0.0))
        return found

    def search(self, *phrases: str) -> list[Rect]:
        """Where each of *phrases* occurs on the page (case-insensitive, across line breaks)."""
        return find.search_rects(self.doc.pdf, self.index, list(phrases))

    def text_outside(self, rect: Rect, holes: list[Rect]) -> str | None:
        """The text inside *rect* (a word) less the characters in *holes* (note markers:
        "tuberculosis,1" is "tuberculosis,"); None when the page cannot be read."""
        return find.text_outside(self.doc.pdf, self.index, rect, holes)

    def text(self) -> str:
        """The page's plain text ("" when it cannot be read)."""
        try:
            return self.doc.pdf[self.index].get_text(flags=0)
        except MUPDF_ERRORS:
            return ""
