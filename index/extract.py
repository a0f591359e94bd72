"""What the index stores of one file: per page the text, the note text and the citations.

All of it comes from the document's prepared record (:mod:`reader.core.record`): read when
the window or ``ibid footnotes`` made one already, else made here (the footnote engine reads
every page of a paged document once; its blocks give the page text too) and stored for
them. The engine failing on a file costs its notes, not its text. With the reader's layers
folder, the notes are those the reader corrected, and the quoted text of the reader's
highlights and comments is read too (:func:`reader.core.layer.annotated`). A page's URLs are those
printed on it and those its links point to (UN documents link each cited symbol to
undocs.org or docs.un.org without printing the address).
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

from index.backend.analysis import analyze
from index.schema import normalize_symbol
from index.store import NO_ROOM
from reader.core import formats, layer, record
from reader.core.citations import find_links, find_symbols, symbol_of_document
from reader.core.document import Document, content_hash
from reader.core.errors import LimitExceeded
from reader.core.record.make import prepare, prepare_text
from reader.core.record.text import MAX_LINKS, blocks_text, linked_urls
from reader.core.sandbox import open_limited
from reader.core.settings import Limits

logger = logging.getLogger(__name__)

__all__ = ["MAX_LINKS", "Extracted", "PageText", "blocks_text", "citations_in", "extract", "extracted",
           "linked_urls", "notes_by_page", "own_symbol"]

_UNDOCS_RE = re.compile(r"https?://(?:www\.)?undocs\.org/(?:(?:en|fr|es|ar|ru|zh)/)?([A-Za-z][^?#\s]*\d[^?#\s]*)$", re.I)


@dataclass(frozen=True)
class PageText:
    page: int            # 1-based
    body: str
    notes: str = ""
    cites: tuple[str, ...] = ()   # normalised UN symbols
    urls: tuple[str, ...] = ()
    annotations: str = ""         # the reader's highlights (quoted text) and comments on the page
    analyzed: dict | None = None  # field -> schema.Analyzed postings, computed in the reader


@dataclass
class Extracted:
    title: str
    symbol: str                    # normalised, "" when unknown
    page_count: int
    pages: list[PageText] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title_analyzed: object = None
    analysed: bool = True          # False: the text alone (the first pass), no notes, citations, links

    def analyze(self, schema) -> Extracted:
        """Compute the postings of the text fields here (a worker), not in the writer."""
        self.title_analyzed = analyze(schema, "title", self.title)
        self.pages = [dataclasses.replace(p, analyzed={"body": analyze(schema, "body", p.body),
                                                       "notes": analyze(schema, "notes", p.notes),
                                                       "annotations": analyze(schema, "annotations",
                                                                              p.annotations)})
                      for p in self.pages]
        return self


def extract(path: Path, *, limits: Limits | None = None, cache_dir: Path | None = None,
            progress: Callable[[int, int], None] | None = None, records: Path | None = None,
            layers: Path | None = None, text_only: bool = False) -> Extracted:
    """The pages of *path*; DocumentOpenError/LimitExceeded when it cannot be read.

    With *text_only* (the index's first pass), a document without a prepared record is
    read for its text alone (no footnote engine, no citation finders, nothing stored):
    the result says ``analysed=False`` and the second pass reads it again in full.

    With *records* (``Paths.records``), the document's prepared record is read when there
    is one (the file is then not opened at all), else the document is prepared here and
    its record stored, so the window and ``ibid footnotes`` never analyse it again.
    With *layers* (``Paths.layers``), the reader's corrections are applied to the notes and
    the highlights and comments are read (the record keeps the engine's own notes).
    """
    path, limits = Path(path), limits or Limits()
    digest = content_hash(path) if records is not None or layers is not None else ""
    prepared = record.load(records, digest) if records is not None else None
    if prepared is None and text_only:
        return _text_only(path, limits, cache_dir, progress)
    if prepared is None:
        prepared, complete = _prepare(path, limits, cache_dir, progress)
        if records is not None and complete:
            _store(records, digest, prepared)
    elif progress:
        progress(prepared.page_count, prepared.page_count)
    if layers is None:
        return extracted(prepared, path)
    prepared, annotations, warnings = layer.annotated(layers, digest, prepared)
    for warning in warnings:
        logger.warning("%s: %s", path, warning)
    result = extracted(prepared, path, annotations)
    result.warnings.extend(warnings)
    return result


def _time_limit(path: Path, limits: Limits) -> tuple[float, Callable[[], None]]:
    """(the deadline of reading *path*, a check that raises LimitExceeded past it)."""
    deadline = time.monotonic() + limits.analysis_seconds

    def in_time() -> None:
        if time.monotonic() > deadline:
            raise LimitExceeded(f"{path.name}: reading its text took longer than {limits.analysis_seconds:g} s.")
    return deadline, in_time


def _prepare(path: Path, limits: Limits, cache_dir: Path | None, progress) -> tuple[record.Prepared, bool]:
    deadline, in_time = _time_limit(path, limits)
    doc = _open(path, limits, cache_dir)
    try:
        return prepare(doc, progress=progress, cancel=lambda: time.monotonic() > deadline, keep_going=True,
                       after_page=in_time)
    finally:
        doc.close()


def _text_only(path: Path, limits: Limits, cache_dir: Path | None, progress) -> Extracted:
    _deadline, in_time = _time_limit(path, limits)
    doc = _open(path, limits, cache_dir)
    try:
        prepared = prepare_text(doc, progress=progress, after_page=in_time)
    finally:
        doc.close()
    return extracted(prepared, path, analysed=False)


def _open(path: Path, limits: Limits, cache_dir: Path | None) -> Document:
    """*path* opened for reading. A PDF opens lazily, here. Any other format is laid out by
    MuPDF when opened, in C that no deadline interrupts (300 KB of Markdown on one line: 84 s),
    so it is opened first in a forked child under ``open_seconds``, as ``ibid layout`` does;
    past that, LimitExceeded says so and the file is skipped with that sentence."""
    if formats.sniff(path).format == "pdf":
        return Document.open(path, limits=limits, cache_dir=cache_dir)
    return open_limited(path, limits=limits, cache_dir=cache_dir)


def _store(records: Path, digest: str, prepared: record.Prepared) -> None:
    try:
        record.save(records, digest, prepared)
    except OSError as exc:
        if exc.errno in NO_ROOM:
            raise    # a full disk is no fault of the file: stop, skip nothing
        logger.warning("Prepared record of %s not stored: %s", digest, exc)


def extracted(prepared: record.Prepared, path: Path, annotations: dict[int, list[str]] | None = None,
              *, analysed: bool = True) -> Extracted:
    """What the index stores of *path*, from its prepared record (and the reader's
    *annotations*: texts by 0-based page, :func:`reader.core.layer.annotated`); without
    *analysed*, the text alone (the citation finders are not run)."""
    annotations = annotations or {}
    found = prepared.symbol_for(path)
    result = Extracted(prepared.title_for(path), normalize_symbol(found) if found else "", prepared.page_count,
                       warnings=prepared.warnings_for(path), analysed=analysed)
    notes = prepared.notes_by_page()
    for index, page in enumerate(prepared.pages):
        # the page text holds its notes too
        cites, urls = citations_in(page.text) if analysed else ((), ())
        urls = tuple(dict.fromkeys([*urls, *page.urls]))
        result.pages.append(PageText(index + 1, page.text, "\n".join(notes.get(index, ())), cites, urls,
                                     "\n".join(annotations.get(index, ()))))
    return result


def notes_by_page(doc: Document, deadline: float = float("inf")) -> dict[int, list[str]]:
    """Footnote text by 0-based page ({} when the engine fails on the document)."""
    prepared, _complete = prepare(doc, cancel=lambda: time.monotonic() > deadline, keep_going=True)
    return prepared.notes_by_page()


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


def own_symbol(first_page_text: str, filename: str) -> str:
    """The document's own UN symbol (normalised), or ""."""
    found = symbol_of_document(first_page_text, filename)
    return normalize_symbol(found) if found else ""
