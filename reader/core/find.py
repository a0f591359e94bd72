"""In-document find: the rectangles of a phrase on one page (PDF points)."""
from __future__ import annotations

import re

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
    """Rectangles of several search terms on one page (for search hits shown on the page),
    each as a whole word: a library search matches words, so "a" lights no "a" inside
    "tuberculosis" and "disaster" not the "disasters" (MuPDF's search finds any substring)."""
    rects: list[Rect] = []
    lines = None
    for term in terms:
        found = search_page(pdf, index, term)
        if found and lines is None:
            lines = _char_lines(pdf, index)
        rects.extend(rect for rect in found if rect not in rects and _whole_word(rect, lines or []))
    return rects


_WORD_CHAR = re.compile(r"\w")
#: Points a character's centre may lie outside a found rectangle and still count as inside it.
_EDGE_SLACK = 0.5


def _char_lines(pdf: pymupdf.Document, index: int) -> list[list[tuple[str, tuple]]]:
    """The page's characters with their boxes, line by line (in MuPDF's order)."""
    try:
        blocks = pdf[index].get_text("rawdict", flags=pymupdf.TEXTFLAGS_SEARCH
                                     & ~pymupdf.TEXT_PRESERVE_IMAGES)["blocks"]
    except MUPDF_ERRORS:
        return []
    return [[(char["c"], char["bbox"]) for span in line["spans"] for char in span["chars"]]
            for block in blocks for line in block.get("lines", ())]


def _whole_word(rect: Rect, lines: list[list[tuple[str, tuple]]]) -> bool:
    """Whether the characters just before and after the text in *rect* (on its line) are
    not word characters; True when the rectangle's characters cannot be told."""
    x0, y0, x1, y1 = rect
    for chars in lines:
        inside = [i for i, (_c, (a, b, c, d)) in enumerate(chars)
                  if x0 - _EDGE_SLACK <= (a + c) / 2 <= x1 + _EDGE_SLACK and y0 <= (b + d) / 2 <= y1]
        if inside:
            before = chars[inside[0] - 1][0] if inside[0] > 0 else " "
            after = chars[inside[-1] + 1][0] if inside[-1] + 1 < len(chars) else " "
            return not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after)
    return True


def text_outside(pdf: pymupdf.Document, index: int, rect: Rect, holes: list[Rect]) -> str | None:
    """The text of page *index* inside *rect* (a word), leaving out the characters that lie
    in *holes* (note markers: "tuberculosis,1" is "tuberculosis,"); None when unreadable."""
    x0, y0, x1, y1 = rect
    try:
        blocks = pdf[index].get_text("rawdict", clip=pymupdf.Rect(rect))["blocks"]
    except MUPDF_ERRORS:
        return None
    kept = []
    for line in (line for block in blocks for line in block.get("lines", ())):
        for char in (char for span in line["spans"] for char in span["chars"]):
            cx, cy = (char["bbox"][0] + char["bbox"][2]) / 2, (char["bbox"][1] + char["bbox"][3]) / 2
            if x0 <= cx <= x1 and y0 <= cy <= y1 and not any(a <= cx <= c and b <= cy <= d for a, b, c, d in holes):
                kept.append(char["c"])
    return "".join(kept).strip()
