"""A document's title as a reader would name it, for the library list and citations.

The PDF's metadata title when it says something (many Word-made PDFs carry
"Microsoft Word - 2320108.docx" or nothing); else the largest text on page 1, leaving out
the UN masthead ("United Nations", "General Assembly", the symbol, "Distr.: General") and
the "Resolution adopted by …" line, so a UN resolution is named by its own title; else the
file name. Qt-free.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

import pymupdf

from reader.core.citations.symbols import symbol_of_document
from reader.core.document import MUPDF_ERRORS, Document
from reader.core.paths import readable

logger = logging.getLogger(__name__)

MAX_CHARS = 200
#: Page 1's text without decoding its pictures (what the footnote engine reads too).
_TEXT_ONLY = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_IMAGES
#: Metadata titles that name a file or a tool, not the work.
_JUNK_META = re.compile(r"^(microsoft (word|powerpoint)\s*-|untitled\b|document\d*$)|\.(docx?|odt|rtf|pdf|tex|dvi|indd)$",
                        re.I)
#: Lines of a UN masthead and other page furniture that are never the title.
_MASTHEAD = re.compile(
    r"^(united nations|nations unies|general assembly|security council|economic and social council|"
    r"trusteeship council|international court of justice|secretariat|\w+ committee|distr\.?:?.*|original:.*|"
    r"resolution adopted by\b.*|\*[\d*]+\*|[\d-]+ \(e\).*)$", re.I)
#: "78/5. Political declaration …": a resolution's number before its title.
_RESOLUTION_NUMBER = re.compile(r"^\d{1,3}/\d{1,4}\.\s*")


def document_title(doc: Document, symbol: str = "", first_blocks: list[dict] | None = None) -> str:
    """The title of *doc* (see the module doc); *symbol*, its own UN symbol, is never taken
    for a title. *first_blocks*: page 1's ``get_text("dict")`` blocks when the caller has
    read them already (the indexer: reading them again cost a tenth of a 10-page file's text)."""
    meta = _metadata_title(doc, symbol)
    if meta:
        return meta
    try:
        if first_blocks is None and doc.page_count:
            first_blocks = doc.pdf[0].get_text("dict", flags=_TEXT_ONLY)["blocks"]
        found = first_page_title(first_blocks, symbol) if first_blocks else ""
    except MUPDF_ERRORS as exc:   # a damaged first page: the file name still names it
        logger.info("No title from page 1 of %s: %s", doc.path, exc)
        found = ""
    return found or readable(doc.path.stem)


def _metadata_title(doc: Document, symbol: str) -> str:
    try:
        title = " ".join(str((doc.pdf.metadata or {}).get("title") or "").split())
    except MUPDF_ERRORS:
        return ""
    if (len(title) < 3 or not re.search(r"[^\W\d_]{2}", title) or _JUNK_META.search(title)
            or title.casefold() in {Path(doc.path).stem.casefold(), symbol.casefold()}
            or _same_symbol(title, symbol)):
        return ""
    return _cut(title)


def first_page_title(blocks: list[dict], symbol: str = "") -> str:
    """The largest text of page 1 (``get_text("dict")`` blocks) that is bigger than the body
    text and no page furniture: its lines, joined; "" when there is none."""
    lines = _lines(blocks)
    if not lines:
        return ""
    sizes: Counter = Counter()
    for size, _, text in lines:
        sizes[size] += len(text)
    body = sizes.most_common(1)[0][0]   # the size most of the text is set in
    candidates = [p for p in _paragraphs(lines) if p[0] > body + 0.5 and not _MASTHEAD.match(p[1][0])
                  and not _same_symbol(p[1][0], symbol) and re.search(r"[^\W\d_]{2}", " ".join(p[1]))]
    if not candidates:
        return ""
    size = max(size for size, _ in candidates)
    first = next(texts for s, texts in candidates if s == size)
    return _cut(_RESOLUTION_NUMBER.sub("", " ".join(first)))


def _lines(blocks: list[dict]) -> list[tuple[float, float, str]]:
    """(size, top, text) of each line, top to bottom; lines side by side at one height joined."""
    found: list[tuple[float, float, float, str]] = []
    for block in blocks:
        for line in block.get("lines", ()):
            spans = [s for s in line.get("spans", ()) if s.get("text", "").strip()]
            text = " ".join("".join(s.get("text", "") for s in line.get("spans", ())).split())
            if spans and text:
                found.append((round(max(s["size"] for s in spans), 1), line["bbox"][1], line["bbox"][0], text))
    found.sort(key=lambda line: (round(line[1]), line[2]))
    joined: list[tuple[float, float, str]] = []
    for size, top, _x, text in found:
        if joined and abs(joined[-1][1] - top) < 2 and abs(joined[-1][0] - size) <= 0.5:
            joined[-1] = (joined[-1][0], joined[-1][1], f"{joined[-1][2]} {text}")
        else:
            joined.append((size, top, text))
    return joined


def _paragraphs(lines: list[tuple[float, float, str]]) -> list[tuple[float, list[str]]]:
    """Runs of lines of one size that follow each other closely: (size, texts)."""
    runs: list[tuple[float, list[str]]] = []
    last_size, last_top = None, -1e9
    for size, top, text in lines:
        if last_size is not None and abs(size - last_size) <= 0.5 and 0 <= top - last_top < 1.7 * size:
            runs[-1][1].append(text)
        else:
            runs.append((size, [text]))
        last_size, last_top = size, top
    return runs


def _same_symbol(text: str, symbol: str) -> bool:
    """True when *text* is *symbol*, or any UN symbol printed alone."""
    squash = re.sub(r"\s+", "", text).upper()
    return (bool(symbol) and squash == re.sub(r"\s+", "", symbol).upper()) or bool(symbol_of_document(text, ""))


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1].rstrip() + "…"
