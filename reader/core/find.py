"""In-document find: the rectangles of a phrase on one page (PDF points)."""
from __future__ import annotations

import pymupdf

from reader.core.document import MUPDF_ERRORS

Rect = tuple[float, float, float, float]


def search_page(pdf: pymupdf.Document, index: int, needle: str, limit: int = 500) -> list[Rect]:
    """Every place *needle* occurs on page *index* (case-insensitive, across line breaks)."""
    needle = " ".join(needle.split())
    if not needle:
        return []
    try:
        quads = pdf[index].search_for(needle, quads=True, flags=pymupdf.TEXTFLAGS_SEARCH
                                      & ~pymupdf.TEXT_PRESERVE_IMAGES)
    except MUPDF_ERRORS:
        return []
    return [tuple(round(v, 2) for v in quad.rect) for quad in quads[:limit]]


def search_rects(pdf: pymupdf.Document, index: int, terms: list[str]) -> list[Rect]:
    """Rectangles of several search terms on one page (for search hits shown on the page)."""
    rects: list[Rect] = []
    for term in terms:
        rects.extend(search_page(pdf, index, term))
    return rects
