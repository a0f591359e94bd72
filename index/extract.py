"""What the index stores of one file: per page the text, the note text and the citations.

Text is extracted with ``TEXTFLAGS_TEXT`` (no image decoding) plus de-hyphenation. Notes
come from the footnote engine (:mod:`reader.core.footnotes`) and citations from
:mod:`reader.core.citations`; either may be missing or fail on a file, and indexing goes
on without it (a small fallback finds UN symbols and URLs until the citations module lands).
"""
from __future__ import annotations

import dataclasses
import importlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pymupdf

from index.schema import analyze, normalize_symbol
from reader.core.document import Document
from reader.core.errors import LimitExceeded
from reader.core.settings import Limits

logger = logging.getLogger(__name__)

#: Plain text, no images decoded, ligatures (ﬁ, ﬂ) expanded so "conflict" matches,
#: words broken at line ends joined again.
TEXT_FLAGS = ((pymupdf.TEXTFLAGS_TEXT | pymupdf.TEXT_DEHYPHENATE)
              & ~pymupdf.TEXT_PRESERVE_IMAGES & ~pymupdf.TEXT_PRESERVE_LIGATURES)

_SYMBOL_RE = re.compile(
    r"\b(?:A|S|E|ST|CRC|CCPR|CERD|CEDAW|CAT|CRPD|CMW|DP|TD|UNEP|ICEF|HRC|SG|JIU|ECE|ESCAP)"
    r"(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s?\(\d{4}\))?")
_UNDOCS_RE = re.compile(r"https?://(?:www\.)?undocs\.org/(?:(?:en|fr|es|ar|ru|zh)/)?([A-Za-z][^?#\s]*\d[^?#\s]*)$", re.I)
_URL_RE = re.compile(r"\bhttps?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")


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
    """Open *path* and return its pages; DocumentOpenError/LimitExceeded when it cannot."""
    path, limits = Path(path), limits or Limits()
    deadline = time.monotonic() + limits.analysis_seconds
    doc = Document.open(path, limits=limits, cache_dir=cache_dir)
    try:
        texts = []
        for number, page in enumerate(doc.pdf, start=1):
            texts.append(page.get_text("text", flags=TEXT_FLAGS))
            if progress:
                progress(number, doc.page_count)
            if time.monotonic() > deadline:
                raise LimitExceeded(f"{path.name}: reading its text took longer than {limits.analysis_seconds:g} s.")
        notes = notes_by_page(doc, deadline)
        result = Extracted(doc.title, own_symbol(texts[0] if texts else "", path.name), doc.page_count,
                           warnings=list(doc.warnings))
        for number, text in enumerate(texts, start=1):
            note_text = "\n".join(notes.get(number - 1, ()))
            cites, urls = citations_in(text)   # the page text holds its notes too
            result.pages.append(PageText(number, text, note_text, cites, urls))
        return result
    finally:
        doc.close()


def notes_by_page(doc: Document, deadline: float) -> dict[int, list[str]]:
    """Footnote text by 0-based page, from the footnote engine when it is there."""
    engine = _optional("reader.core.footnotes")
    if engine is None or not hasattr(engine, "analyze"):
        return {}
    try:
        notes = engine.analyze(doc, cancel=lambda: time.monotonic() > deadline)
    except Exception as exc:  # a heuristic failing on one file must not stop indexing
        logger.warning("Footnotes of %s not indexed: %r", doc.path, exc)
        return {}
    by_page: dict[int, list[str]] = {}
    for note in notes:
        text = (getattr(note, "note_text", "") or "").strip()
        page = getattr(note, "note_page", None)
        if text and isinstance(page, int) and page >= 0:
            by_page.setdefault(page, []).append(text)
    return by_page


def citations_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(normalised UN symbols, URLs) cited in *text*, each once, in order of appearance."""
    flat = " ".join(text.split())
    module = _optional("reader.core.citations")
    symbols: list[str] = []
    urls: list[str] = []
    if module is not None and hasattr(module, "find_citations"):
        try:
            for citation in _symbols_and_links(module, flat):
                kind = getattr(citation, "type", None) or getattr(citation, "kind", "")
                value = _citation_value(citation)
                if kind == "un-symbol" and value:
                    symbols.append(normalize_symbol(value))
                elif kind == "url" and value:
                    urls.append(value)
            return _with_undocs(symbols, urls)
        except Exception as exc:  # same reason as for the footnote engine
            logger.warning("Citation finder failed, using the fallback: %r", exc)
    symbols = [normalize_symbol(m.group()) for m in _SYMBOL_RE.finditer(flat) if any(c.isdigit() for c in m.group())]
    urls = [m.group() for m in _URL_RE.finditer(flat)]
    return _with_undocs(symbols, urls)


def _with_undocs(symbols: list[str], urls: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Deduplicate; a link to undocs.org/<symbol> also cites that symbol."""
    for url in urls:
        match = _UNDOCS_RE.match(url)
        if match:
            symbols.append(normalize_symbol(unquote(match.group(1))))
    return tuple(dict.fromkeys(symbols)), tuple(dict.fromkeys(urls))


def _symbols_and_links(module, text: str):
    """The citations module's symbols and URLs; its finders directly when it has them
    (half the cost of find_citations, which also looks for back-references)."""
    if hasattr(module, "find_symbols") and hasattr(module, "find_links"):
        yield from (c for _start, _end, c in module.find_symbols(text))
        yield from (c for _start, _end, c in module.find_links(text))
    else:
        yield from module.find_citations(text)


def own_symbol(first_page_text: str, filename: str) -> str:
    """The document's own UN symbol (normalised), or ""."""
    module = _optional("reader.core.citations")
    if module is not None and hasattr(module, "symbol_of_document"):
        try:
            found = module.symbol_of_document(first_page_text, filename)
            return normalize_symbol(found) if found else ""
        except Exception as exc:  # same reason as for the footnote engine
            logger.warning("symbol_of_document failed on %s: %r", filename, exc)
    head = " ".join(first_page_text.split())[:600]
    for match in _SYMBOL_RE.finditer(head):
        if any(c.isdigit() for c in match.group()):
            return normalize_symbol(match.group())
    return ""


def _citation_value(citation) -> str:
    for name in ("value", "url", "text"):   # reader.core.citations.Citation: value is normalised
        value = getattr(citation, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _optional(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
    except Exception as exc:  # a colleague's module half-written: index without it
        logger.warning("%s cannot be imported: %r", name, exc)
        return None
