"""A page's text as the index reads it, and the web addresses its links point to."""
from __future__ import annotations

import logging
import re

import pymupdf
from pymupdf import mupdf

from reader.core.document import MUPDF_ERRORS

logger = logging.getLogger(__name__)

#: Ligatures MuPDF keeps as one character, spelled out so "conflict" matches "conﬂict".
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_LIGATURE = re.compile("[\ufb00-\ufb06]")
#: A word broken at a line end: letter, hyphen (or soft hyphen), new line, letter.
_BROKEN_WORD = re.compile(r"([^\W\d_])([-\u00ad\u2010])\n([^\W\d_])")


def blocks_text(blocks: list[dict]) -> str:
    """Plain text of ``get_text("dict")`` blocks: a line per line, a blank line between
    blocks, ligatures spelled out, words broken at line ends joined again."""
    out = []
    for block in blocks:
        for line in block.get("lines", ()):
            out.append("".join(span["text"] for span in line["spans"]))
        out.append("")
    text = "\n".join(out)
    if _LIGATURE.search(text):   # translate() looks up every character: only when needed
        text = text.translate(_LIGATURES)
    return _BROKEN_WORD.sub(_join_broken, text)


#: The flags of ``page_text``: those of the footnote engine's blocks
#: (:data:`reader.core.footnotes.lines.FLAGS`) without the vector graphics, which the text
#: does not need.
TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_IMAGES


def page_text(page) -> str:
    """The words of ``blocks_text(page_blocks(page))`` (the same words, lines and blocks;
    only blank lines may differ), read as MuPDF's text blocks rather than its dict: no
    dict per span and character, 2.1 ms a page instead of 3.2 on the corpus (the index's
    first pass, which does not run the footnote engine that needs the dict)."""
    text = "\n".join(block[4] for block in page.get_text("blocks", flags=TEXT_FLAGS) if block[6] == 0)
    if _LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    return _BROKEN_WORD.sub(_join_broken, text)


def _join_broken(match: re.Match) -> str:
    """A hyphen before a lower-case letter is dropped ("inter-/national" is one word); before a
    capital it stays ("Secretary-/General"). Soft hyphens always go."""
    before, hyphen, after = match.groups()
    if hyphen == "\u00ad" or after.islower():
        return before + after
    return before + hyphen + after


#: Links read per page at most (a hostile page may hold 100,000).
MAX_LINKS = 2000


def linked_urls(pdf, index: int) -> list[str]:
    """The web addresses (http, https) the links of page *index* point to.

    Walks MuPDF's link list directly, as :func:`reader.core.footnotes.pdf.internal_links`
    does (``Page.get_links()`` is quadratic in the links of a page); 0.1 ms a page.
    """
    found: list[str] = []
    try:
        page = pdf[index]
        link = mupdf.fz_load_links(page.this if isinstance(page.this, mupdf.FzPage) else page.this.super())
        for _ in range(MAX_LINKS):
            if not link.m_internal:
                break
            uri = link.uri() or ""
            if uri.startswith(("http://", "https://")) and len(uri) < 2000:
                found.append(uri)
            link = link.next()
    except MUPDF_ERRORS as exc:   # damaged links cost the linked URLs, not the page
        logger.warning("Links of page %d unreadable: %s", index + 1, exc)
    return found
