"""Notes of EPUB files: the markup of the XHTML inside the zip, placed on MuPDF's pages.

MuPDF lays the EPUB out itself, so there are no element positions: each note and marker
is placed by finding its text on the pages, in reading order. Only the spine's XHTML is
read, each file capped in size, so a zip bomb costs nothing.
"""
from __future__ import annotations

import logging
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from reader.core.errors import ReaderError
from reader.core.footnotes import markup
from reader.core.footnotes.limits import CONTEXT_WORDS, MAX_FILE, MAX_TOTAL, MIN_SNIPPET, SNIPPET_CHARS
from reader.core.footnotes.lines import FLAGS
from reader.core.footnotes.model import Footnote, Marker, Ticker
from reader.core.formats import decode_bytes

logger = logging.getLogger(__name__)
_SOLID = re.compile(r"[\s\[\]]+")   # what a text search may ignore (see PageText.find)
_HREF = re.compile(r'(\s(?:href|id)\s*=\s*)(["\'])([^"\']*)\2', re.I)


def analyze_epub(doc, ticker: Ticker) -> list[Footnote]:
    try:
        html = combined_html(str(doc.path))
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as exc:
        logger.warning("EPUB markup of %s unreadable (%s); using the page layout", doc.path, exc)
        return []
    notes, pairs = markup.find(html)
    if not notes:
        return []
    finder = PageText(doc.pdf, ticker)
    refs: dict[int, list[Marker]] = {id(n): [] for n in notes}
    for marker, note in pairs:
        if note is not None and id(note) in refs:
            placed = finder.marker(marker)
            if placed is not None:
                refs[id(note)].append(placed)
    urls = markup.note_urls(notes)
    return [_footnote(finder, note, refs[id(note)], urls[id(note)]) for note in notes]


def combined_html(path: str) -> str:
    """The spine's XHTML bodies as one HTML text, ids and hrefs made unique per file."""
    with zipfile.ZipFile(path) as zf:
        parts, total = [], 0
        spine = _spine(zf)
        index_of = {name: i for i, name in enumerate(spine)}
        for index, name in enumerate(spine):
            info = zf.getinfo(name)
            if info.file_size > MAX_FILE or total + info.file_size > MAX_TOTAL:
                logger.warning("EPUB part %s too large for the footnote scan", name)
                continue
            total += info.file_size
            text = decode_bytes(zf.read(name))[0]
            parts.append(f'<div id="f{index}">' + _rewrite(text, name, index, index_of) + "</div>")
    return "\n".join(parts)


def _spine(zf: zipfile.ZipFile) -> list[str]:
    container = ElementTree.fromstring(zf.read("META-INF/container.xml"))
    rootfile = next(el for el in container.iter() if el.tag.endswith("rootfile")).get("full-path")
    opf = ElementTree.fromstring(zf.read(rootfile))
    base = posixpath.dirname(rootfile)
    items = {el.get("id"): el.get("href") for el in opf.iter() if el.tag.endswith("}item") or el.tag == "item"}
    names = set(zf.namelist())
    spine = []
    for ref in opf.iter():
        if ref.tag.endswith("itemref") and items.get(ref.get("idref")):
            name = posixpath.normpath(posixpath.join(base, items[ref.get("idref")]))
            if name in names:
                spine.append(name)
    return spine


def _rewrite(text: str, name: str, index: int, index_of: dict[str, int]) -> str:
    body = re.search(r"<body[^>]*>(.*)</body>", text, re.S | re.I)
    text = body.group(1) if body else text
    base = posixpath.dirname(name)

    def fix(match: re.Match) -> str:
        attr, quote, value = match.groups()
        if attr.strip().lower().startswith("id"):
            return f"{attr}{quote}f{index}:{value}{quote}"
        target, _, frag = value.partition("#")
        if not frag or re.match(r"[a-z]+:", target, re.I):
            return match.group(0)
        other = index_of.get(posixpath.normpath(posixpath.join(base, target))) if target else index
        return f"{attr}{quote}#f{other}:{frag}{quote}" if other is not None else match.group(0)
    return _HREF.sub(fix, text)


class PageText:
    """The text of every page, read once, to find where a note or marker was laid out."""

    def __init__(self, pdf, ticker: Ticker) -> None:
        self.pdf = pdf
        self.texts = []
        for pno in range(pdf.page_count):
            try:
                text = pdf[pno].get_text("text", flags=FLAGS)
            except ReaderError:   # a time or memory limit ends the scan; it is no bad page
                raise
            except Exception:  # noqa: BLE001 - a damaged page only loses its text
                text = ""
            self.texts.append(_norm(text))
            ticker.tick(pno + 1)
        self.note_from = 0
        self.solid: list[str] | None = None   # the texts without white space, made when needed

    def find(self, snippet: str, start: int = 0) -> int | None:
        snippet = _norm(snippet)[:SNIPPET_CHARS]
        if len(snippet) < MIN_SNIPPET:
            return None
        for pno in range(start, len(self.texts)):
            if snippet in self.texts[pno]:
                return pno
        # a line broken where the markup has no space ("(A/56/" + "PV.871)"), or an earlier
        # marker whose brackets the stylesheet hides ("numbered [1]," laid out as "numbered ¹,"):
        # compare without spaces and brackets
        if self.solid is None:
            self.solid = [_SOLID.sub("", text) for text in self.texts]
        solid = _SOLID.sub("", snippet)
        for pno in range(start, len(self.solid)):
            if solid in self.solid[pno]:
                return pno
        return None

    def rect(self, pno: int, words: str):
        hits = self.pdf[pno].search_for(" ".join(words.split()[:4])[:40]) if words.strip() else []
        return tuple(round(v, 2) for v in hits[0]) if hits else (0.0, 0.0, 0.0, 0.0)

    def marker(self, marker: markup.RawMarker) -> Marker | None:
        before = markup.text_before(marker.element) if marker.element is not None else ""
        tail = " ".join(before.split()[-CONTEXT_WORDS:])
        outer = marker.element.parent if marker.element is not None else None
        while len(tail) < MIN_SNIPPET and outer is not None:   # "✓ [4]" alone in a table cell:
            tail = " ".join(outer.text().split()[:CONTEXT_WORDS])   # find the cell, row or table
            outer = outer.parent
        pno = self.find(tail) if tail else None
        if pno is None:
            return None
        return Marker(pno, self.rect(pno, " ".join(tail.split()[-2:])))

    def note(self, note: markup.RawNote) -> tuple[int, tuple]:
        pno = self.find(note.text, self.note_from)
        if pno is None:   # not after the previous note: before it, else beside it (notes keep their order)
            pno = self.find(note.text)
            pno = self.note_from if pno is None else pno
        self.note_from = pno
        return pno, self.rect(pno, note.text)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _footnote(finder: PageText, note: markup.RawNote, refs: list[Marker], urls: tuple[str, ...]) -> Footnote:
    page, rect = finder.note(note)
    reason = note.reason + "; placed by text search" + ("" if refs else "; no marker found")
    return Footnote(label=note.label, kind=note.kind, note_page=page, note_pages=(page,), note_rect=rect,
                    note_text=note.text, refs=tuple(refs), source="markup", reason=reason,
                    urls=urls)
