"""A document's title as a reader would name it, for the library list and citations.

The PDF's metadata title when it says something (many Word-made PDFs carry
"Microsoft Word - 2320108.docx" or nothing); else the largest text on page 1, leaving out
the UN masthead ("United Nations", "General Assembly", the symbol, "Distr.: General") and
the "Resolution adopted by …" line, so a UN resolution is named by its own title; else, on a
page set in one size (a Markdown letter: its headings only bold), the bold heading right above
the first paragraph of body text; else the file name. Qt-free.
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
#: A bold heading with fewer words names a section ("Abstract", "Introduction"), not the work.
MIN_HEADING_WORDS = 3
#: A numbered heading ("2.5 Language support", "18 …", often a contents line) names a section.
_NUMBERED_HEADING = re.compile(r"^\d+(\.\d+)*\.?\s")
#: A paragraph of at least this many words is body text (a date, "Distr.: General", an agenda
#: line or a heading has fewer; a paragraph of prose has more).
MIN_BODY_WORDS = 20
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
    for size, _, text, _bold in lines:
        sizes[size] += len(text)
    body = sizes.most_common(1)[0][0]   # the size most of the text is set in
    paragraphs = _paragraphs(lines)
    candidates = [p for p in paragraphs if p[0] > body + 0.5 and _may_be_title(p[1], symbol)]
    if not candidates:
        return _heading_above_body(paragraphs, body, symbol)
    size = max(size for size, _, _ in candidates)
    first = next(texts for s, texts, _ in candidates if s == size)
    return _cut(_RESOLUTION_NUMBER.sub("", " ".join(first)))


def _may_be_title(texts: list[str], symbol: str) -> bool:
    return (not _MASTHEAD.match(texts[0]) and not _same_symbol(texts[0], symbol)
            and bool(re.search(r"[^\W\d_]{2}", " ".join(texts))))


def _heading_above_body(paragraphs: list[tuple[float, list[str], bool]], body: float, symbol: str) -> str:
    """On a page of one size: the bold paragraph just before the first paragraph of body text
    (MIN_BODY_WORDS words, not bold), when it is no page furniture; "" when there is none."""
    for i, (size, texts, bold) in enumerate(paragraphs):
        if not bold and abs(size - body) <= 0.5 and len(" ".join(texts).split()) >= MIN_BODY_WORDS:
            if i == 0:
                return ""
            size, heading, bold = paragraphs[i - 1]
            words = len(" ".join(heading).split())
            if (bold and words >= MIN_HEADING_WORDS and not _NUMBERED_HEADING.match(heading[0])
                    and _may_be_title(heading, symbol)):
                return _cut(" ".join(heading))
            return ""
    return ""


def _lines(blocks: list[dict]) -> list[tuple[float, float, str, bool]]:
    """(size, top, text, bold) of each line, top to bottom; lines side by side at one height
    joined. A line is bold when all its words are."""
    found: list[tuple[float, float, float, str, bool]] = []
    for block in blocks:
        for line in block.get("lines", ()):
            spans = [s for s in line.get("spans", ()) if s.get("text", "").strip()]
            text = " ".join("".join(s.get("text", "") for s in line.get("spans", ())).split())
            if spans and text:
                bold = all(s.get("flags", 0) & pymupdf.TEXT_FONT_BOLD for s in spans)
                found.append((round(max(s["size"] for s in spans), 1), line["bbox"][1], line["bbox"][0], text, bold))
    found.sort(key=lambda line: (round(line[1]), line[2]))
    joined: list[tuple[float, float, str, bool]] = []
    for size, top, _x, text, bold in found:
        if joined and abs(joined[-1][1] - top) < 2 and abs(joined[-1][0] - size) <= 0.5:
            joined[-1] = (joined[-1][0], joined[-1][1], f"{joined[-1][2]} {text}", joined[-1][3] and bold)
        else:
            joined.append((size, top, text, bold))
    return joined


def _paragraphs(lines: list[tuple[float, float, str, bool]]) -> list[tuple[float, list[str], bool]]:
    """Runs of lines of one size and weight that follow each other closely: (size, texts, bold)."""
    runs: list[tuple[float, list[str], bool]] = []
    last: tuple[float, float, bool] | None = None
    for size, top, text, bold in lines:
        if (last is not None and abs(size - last[0]) <= 0.5 and 0 <= top - last[1] < 1.7 * size
                and bold == last[2]):
            runs[-1][1].append(text)
        else:
            runs.append((size, [text], bold))
        last = (size, top, bold)
    return runs


def _same_symbol(text: str, symbol: str) -> bool:
    """True when *text* is *symbol*, or any UN symbol printed alone."""
    squash = re.sub(r"\s+", "", text).upper()
    return (bool(symbol) and squash == re.sub(r"\s+", "", symbol).upper()) or bool(symbol_of_document(text, ""))


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1].rstrip() + "…"
