"""The footnote engine: every footnote and endnote of a document, with its markers.

``analyze(doc)`` looks for evidence, best first: markup in reflowable files (Markdown,
HTML, EPUB), then PDF link annotations, then the page layout. ``to_json(doc, notes)``
gives the public JSON of ``ibid footnotes FILE --json`` (pages 1-based).

Cancelling: when ``cancel()`` returns True, ``analyze`` raises :class:`AnalysisCancelled`
(a ReaderError); it never returns a partial list.
"""
from __future__ import annotations

from collections.abc import Callable

from reader.core.citations.urls import find_urls
from reader.core.footnotes.model import AnalysisCancelled, Footnote, Marker, Ticker
from reader.core.footnotes.output import note_to_dict, to_json

#: The version of what the engine finds. Prepared records (:mod:`reader.core.record`) are
#: keyed on it: bump it whenever a change to the engine changes its notes, so that every
#: document is analysed again instead of showing notes from the cache.
ENGINE_VERSION = 1

__all__ = ["ENGINE_VERSION", "analyze", "to_json", "note_to_dict", "find_urls", "Footnote", "Marker", "AnalysisCancelled"]


def analyze(doc, *, progress: Callable[[int, int], None] | None = None,
            cancel: Callable[[], bool] | None = None,
            on_blocks: Callable[[int, list[dict]], None] | None = None,
            explain: list | None = None) -> list[Footnote]:
    """Every footnote and endnote of *doc* (a :class:`reader.core.document.Document`).

    ``progress(page_done, page_count)`` is called once per page read (for Markdown, HTML
    and text, whose notes come from the markup in one go, once with the page count);
    ``cancel()`` is polled as often and, when it returns True, AnalysisCancelled is raised.
    ``on_blocks(page_index, blocks)`` receives the ``get_text("dict")`` blocks of each page
    the layout engine reads (PDF-like pages; not Markdown, HTML or text), so that a caller
    who also wants the page text (the indexer) reads each page once. ``explain``, a list,
    receives every candidate note line the layout engine weighed (``features.Candidate``:
    its named features, whether it was accepted and why); markup files add none.
    """
    # (the readers load here: a window that only reads a prepared record's notes, through
    # this package's output and model, never loads the engine)
    from reader.core.footnotes.epub import analyze_epub
    from reader.core.footnotes.pdf import analyze_pdf
    from reader.core.footnotes.reflowed import analyze_reflowed
    ticker = Ticker(doc.page_count, progress, cancel)
    if doc.html is not None:
        return analyze_reflowed(doc, ticker)
    if doc.format == "epub":
        notes = analyze_epub(doc, ticker)
        if notes:
            return notes
    return analyze_pdf(doc.pdf, Ticker(doc.page_count, progress, cancel), on_blocks, explain)
