"""Preparing a document: one reading of every page gives its text, notes, title and links.

The footnote engine reads each page of a paged document once and hands its blocks over
(``on_blocks``), which give the page text too; only the pages it did not read (Markdown,
HTML, text, EPUB notes from markup, or after a failure) are read again here.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from reader.core import outline
from reader.core.citations import cite_notes, symbol_key, symbol_of_document
from reader.core.document import MUPDF_ERRORS, Document
from reader.core.footnotes import analyze, note_to_dict
from reader.core.footnotes.lines import page_blocks
from reader.core.paths import readable
from reader.core.record.model import NAME, Prepared, PreparedPage
from reader.core.record.text import blocks_text, linked_urls, page_text
from reader.core.titles import document_title

logger = logging.getLogger(__name__)


def prepare(doc: Document, *, progress: Callable[[int, int], None] | None = None,
            cancel: Callable[[], bool] | None = None, keep_going: bool = False,
            after_page: Callable[[], None] | None = None) -> tuple[Prepared, bool]:
    """(the record of *doc*, whether its notes are complete).

    The engine's errors propagate (``ibid footnotes`` reports them) unless *keep_going*
    (the indexer: a heuristic failing on one file costs its notes, not its text; the
    record then says False and must not be stored). ``progress(done, of)`` as for
    ``analyze``, then per page read afterwards; ``after_page()`` is called after each of
    those and may raise (the indexer's time limit).
    """
    texts: dict[int, str] = {}
    first: list[dict] = []   # page 1's blocks, for the title
    lines: dict[int, list[outline.StyledLine]] = {}   # for the headings

    def keep(index: int, blocks: list[dict]) -> None:
        texts[index] = blocks_text(blocks)
        lines[index] = outline.page_lines(index, blocks)
        if index == 0:
            first[:] = blocks

    complete = True
    try:
        notes = cite_notes(analyze(doc, progress=progress, cancel=cancel, on_blocks=keep))
    except Exception as exc:
        if not keep_going:
            raise
        logger.warning("Footnotes of %s not found: %r", doc.path, exc)
        notes, complete = [], False
    warnings = list(doc.check_damage())   # a damaged file may show only once its pages were read
    _read_the_rest(doc, texts, lines, progress, after_page)
    found = outline.headings((ln for i in sorted(lines) for ln in lines[i]), doc.page_count)
    urls = [tuple(dict.fromkeys(linked_urls(doc.pdf, i))) for i in range(doc.page_count)]
    headings = tuple((h.level, h.title, h.page, round(h.y, 2)) for h in found)
    return _record(doc, texts, urls, tuple(note_to_dict(n) for n in notes), warnings, first, headings), complete


def prepare_text(doc: Document, *, progress: Callable[[int, int], None] | None = None,
                 after_page: Callable[[], None] | None = None) -> Prepared:
    """The text of *doc* alone, for the index's first pass: its pages' words
    (:func:`page_text`, no footnote engine), title, symbol and warnings; no notes, no
    links, no headings. Never stored: it is not the document's record (:func:`prepare` makes that)."""
    texts: dict[int, str] = {}
    _read_the_rest(doc, texts, None, progress, after_page)
    warnings = list(doc.check_damage())
    return _record(doc, texts, [()] * doc.page_count, (), warnings, None, ())


def _record(doc: Document, texts: dict[int, str], urls: list[tuple[str, ...]], notes: tuple[dict, ...],
            warnings: list[str], first: list[dict] | None, headings: tuple) -> Prepared:
    text_symbol = symbol_of_document(texts.get(0, ""), "") or ""
    own = symbol_of_document(texts.get(0, ""), doc.path.name)
    title = document_title(doc, symbol_key(own) if own else "", first or None)
    return Prepared(
        format=doc.format, page_count=doc.page_count,
        pages=tuple(PreparedPage(texts[i], urls[i]) for i in range(doc.page_count)),
        footnotes=notes, warnings=tuple(w.replace(doc.path.name, NAME) for w in warnings),
        title="" if title == readable(doc.path.stem) else title, symbol=text_symbol, headings=headings)


def _read_the_rest(doc: Document, texts: dict[int, str], lines: dict[int, list] | None, progress, after_page) -> None:
    """The text of the pages the engine did not read; a page that fails reads as empty.
    Without *lines* (the index's first pass), MuPDF's text blocks alone (:func:`page_text`)."""
    for index in range(doc.page_count):
        if index in texts:
            continue
        try:
            if lines is None:
                texts[index] = page_text(doc.pdf[index])
            else:
                blocks = page_blocks(doc.pdf[index])
                texts[index] = blocks_text(blocks)
                lines[index] = outline.page_lines(index, blocks)
        except MUPDF_ERRORS as exc:   # one bad page costs its text, not the file
            logger.warning("Page %d of %s could not be read: %s", index + 1, doc.path, exc)
            texts[index] = ""
        if progress:
            progress(index + 1, doc.page_count)
        if after_page:
            after_page()
