"""What the index stores of one file: per page the text, the note text and the citations.

The footnote engine (:mod:`reader.core.footnotes`) reads every page of a paged document
once; its blocks give the page text too, with ligatures spelled out and words broken at
line ends joined again. Notes come from the engine, citations from
:mod:`reader.core.citations`. The engine failing on a file costs its notes, not its text.
A page's URLs are those printed on it and those its links point to (UN documents link
each cited symbol to undocs.org or docs.un.org without printing the address).
"""
from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pymupdf import mupdf

from index.schema import analyze, normalize_symbol
from reader.core import footnotes
from reader.core.citations import find_links, find_symbols, symbol_of_document
from reader.core.document import MUPDF_ERRORS, Document
from reader.core.errors import LimitExceeded
from reader.core.footnotes.lines import page_blocks
from reader.core.settings import Limits
from reader.core.titles import document_title

logger = logging.getLogger(__name__)

_UNDOCS_RE = re.compile(r"https?://(?:www\.)?undocs\.org/(?:(?:en|fr|es|ar|ru|zh)/)?([A-Za-z][^?#\s]*\d[^?#\s]*)$", re.I)


@dataclass(frozen=True)
class PageText:
    page: int            # 1-based
    body: str
    notes: str = ""
    cites: tuple[str, ...] = ()   # normalised UN symbols
    urls: tuple[str, ...] = ()
    analyzed: dict | None = None  # field -> schema.Analyzed postings, computed in the reader


@dataclass
class Extracted:
    title: str
    symbol: str                    # normalised, "" when unknown
    page_count: int
    pages: list[PageText] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title_analyzed: object = None

    def analyze(self, schema) -> Extracted:
        """Compute the postings of the text fields here (a worker), not in the writer."""
        self.title_analyzed = analyze(schema, "title", self.title)
        self.pages = [dataclasses.replace(p, analyzed={"body": analyze(schema, "body", p.body),
                                                       "notes": analyze(schema, "notes", p.notes)})
                      for p in self.pages]
        return self


def extract(path: Path, *, limits: Limits | None = None, cache_dir: Path | None = None,
            progress: Callable[[int, int], None] | None = None) -> Extracted:
    """Open *path* and return its pages; DocumentOpenError/LimitExceeded when it cannot.

    Each page's text is read once: the footnote engine hands over the blocks it reads, and
    only the pages it did not read (Markdown, HTML, text, or after a failure) are read here.
    """
    path, limits = Path(path), limits or Limits()
    deadline = time.monotonic() + limits.analysis_seconds
    # No structure check: its warnings (boxes, bookmarks) concern the view, not the text indexed.
    doc = Document.open(path, limits=limits, cache_dir=cache_dir, check_structure=False)
    try:
        texts: dict[int, str] = {}
        first: list[dict] = []   # page 1's blocks, for the title

        def keep(index: int, blocks: list[dict]) -> None:
            texts[index] = blocks_text(blocks)
            if index == 0:
                first[:] = blocks

        notes = notes_by_page(doc, deadline, progress, keep)
        warnings = list(doc.warnings)
        for index in range(doc.page_count):
            if index not in texts:
                try:
                    texts[index] = blocks_text(page_blocks(doc.pdf[index]))
                except MUPDF_ERRORS as exc:   # one bad page costs its text, not the file
                    texts[index] = ""
                    warnings.append(f"Page {index + 1} could not be read: {exc}")
                if progress:
                    progress(index + 1, doc.page_count)
            if time.monotonic() > deadline:
                raise LimitExceeded(f"{path.name}: reading its text took longer than {limits.analysis_seconds:g} s.")
        symbol = own_symbol(texts.get(0, ""), path.name)
        result = Extracted(document_title(doc, symbol, first or None), symbol, doc.page_count, warnings=warnings)
        for index in range(doc.page_count):
            text = texts[index]
            cites, urls = citations_in(text)   # the page text holds its notes too
            urls = tuple(dict.fromkeys([*urls, *linked_urls(doc.pdf, index)]))
            result.pages.append(PageText(index + 1, text, "\n".join(notes.get(index, ())), cites, urls))
        return result
    finally:
        doc.close()


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


def _join_broken(match: re.Match) -> str:
    """A hyphen before a lower-case letter is dropped ("inter-/national" is one word); before a
    capital it stays ("Secretary-/General"). Soft hyphens always go."""
    before, hyphen, after = match.groups()
    if hyphen == "\u00ad" or after.islower():
        return before + after
    return before + hyphen + after


def notes_by_page(doc: Document, deadline: float, progress=None, on_blocks=None) -> dict[int, list[str]]:
    """Footnote text by 0-based page ({} when the engine fails on the document)."""
    try:
        notes = footnotes.analyze(doc, cancel=lambda: time.monotonic() > deadline, progress=progress,
                                  on_blocks=on_blocks)
    except Exception as exc:  # a heuristic failing on one file must not stop indexing
        logger.warning("Footnotes of %s not indexed: %r", doc.path, exc)
        return {}
    by_page: dict[int, list[str]] = {}
    for note in notes:
        text = note.note_text.strip()
        if text and note.note_page >= 0:
            by_page.setdefault(note.note_page, []).append(text)
    return by_page


def citations_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(normalised UN symbols, URLs) cited in *text*, each once, in order of appearance.

    The citation finders' symbols and links only: find_citations() would also look for
    back-references, which the index has no field for (half its cost).
    """
    flat = " ".join(text.split())
    symbols = [normalize_symbol(c.value) for _start, _end, c in find_symbols(flat) if c.type == "un-symbol" and c.value]
    urls = [c.value for _start, _end, c in find_links(flat) if c.type == "url" and c.value]
    for url in urls:   # a link to undocs.org/<symbol> also cites that symbol
        match = _UNDOCS_RE.match(url)
        if match:
            symbols.append(normalize_symbol(unquote(match.group(1))))
    return tuple(dict.fromkeys(symbols)), tuple(dict.fromkeys(urls))


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


def own_symbol(first_page_text: str, filename: str) -> str:
    """The document's own UN symbol (normalised), or ""."""
    found = symbol_of_document(first_page_text, filename)
    return normalize_symbol(found) if found else ""
