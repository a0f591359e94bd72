"""Citations of the open document for the clipboard: a note or a passage with where it is.

    A/RES/78/5, p. 3, note 2: See World Health Organization, document WHA67/2014/REC/1.
    "… the fight against tuberculosis" (A/RES/78/5, p. 3)

The document is named by its UN symbol when it has one (what UN researchers cite), else by
its title in quotation marks; pages by the label printed on them when the PDF has page
labels ("iv", "A-3"), else by their number. Qt-free.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.document import MUPDF_ERRORS, Document


@dataclass(frozen=True)
class Source:
    """What a citation names the document by."""
    title: str
    symbol: str = ""

    @property
    def name(self) -> str:
        return self.symbol or f"\u201c{self.title}\u201d"

    @property
    def label(self) -> str:
        """How the window title and File > Open Recent name the document, as the Library
        lists it: "A/RES/78/5 — Political declaration …", or the title alone."""
        title = " ".join(self.title.split())
        if not self.symbol or title.casefold() == self.symbol.casefold():
            return title or self.symbol
        return f"{self.symbol} \u2014 {title}" if title else self.symbol


def menu_labels(labels: list[str], names: list[str], limit: int = 80) -> list[str]:
    """Menu entries for documents named *labels* (:attr:`Source.label`, "" when unknown) with
    file *names*: the file name stands in for an unknown label, a long label is cut to
    *limit* characters, and two entries that would read the same get their file names added."""
    texts = [(label if len(label) <= limit else label[:limit - 1].rstrip() + "\u2026") if label else name
             for label, name in zip(labels, names, strict=True)]
    seen = Counter(texts)
    return [f"{text} ({name})" if seen[text] > 1 and text != name else text
            for text, name in zip(texts, names, strict=True)]


def describe(doc: Document) -> Source:
    """The open document's title and own UN symbol (reads page 1 once)."""
    from reader.core.citations import symbol_of_document
    from reader.core.titles import document_title
    try:
        first = doc.pdf[0].get_text(flags=0)[:3000] if doc.page_count else ""
    except MUPDF_ERRORS:
        first = ""
    symbol = symbol_of_document(first, doc.path.name) or ""
    return Source(document_title(doc, symbol), symbol)


def page_label(doc: Document, index: int) -> str:
    """The label printed on 0-based page *index* (PDF page labels), else its number."""
    try:
        label = doc.pdf[index].get_label() if doc.format == "pdf" else ""
    except (MUPDF_ERRORS, IndexError, AttributeError):
        label = ""
    return label.strip() or str(index + 1)


def locator(labels: Iterable[str]) -> str:
    """"p. 3", "pp. 3–4" (first and last of the pages, in order, each once)."""
    unique = list(dict.fromkeys(label for label in labels if label))
    if not unique:
        return ""
    return f"p. {unique[0]}" if len(unique) == 1 else f"pp. {unique[0]}\u2013{unique[-1]}"


def note_citation(source: Source, page: str, label: str, text: str, kind: str = "footnote") -> str:
    """``A/RES/78/5, p. 3, note 2: <note text>`` (``endnote 2`` for endnotes)."""
    what = "endnote" if kind == "endnote" else "note"
    body = " ".join(text.split())
    return f"{source.name}, {locator([page])}, {what} {label}: {body}"


def passage_citation(source: Source, pages: Iterable[str], text: str,
                     vocabulary: frozenset[str] = frozenset()) -> str:
    """The selected *text* as one run (:func:`clean_passage`) followed by `` (A/RES/78/5, p. 3)``."""
    where = locator(pages)
    cite = f"{source.name}, {where}" if where else source.name
    return f"{clean_passage(text, vocabulary)} ({cite})"


#: The Latin ligatures of Unicode's Alphabetic Presentation Forms (U+FB00-FB06: ff, fi, fl,
#: ffi, ffl, long st, st), which PDFs and EPUB fonts leave in the text, and their letters.
LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})
_LINE_END_HYPHEN = re.compile(r"(\w+)-\n[ \t]*(\w+)")
_VOCABULARY_WORD = re.compile(r"\w+(?:-\w+)*")


def clean_passage(text: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Selected text as a quotation: ligatures spelt out, lines joined with a space, and a
    word broken at a line-end hyphen joined again.

    A line-end hyphen is kept ("high-\nlevel" is "high-level": UN documents break lines
    only at real hyphens) unless *vocabulary* (lower-case words of the pages around,
    :func:`vocabulary_of`) holds the word without it and not with it ("disas-\nter")."""
    text = text.translate(LIGATURES)

    def join(match: re.Match) -> str:
        head, tail = match.group(1), match.group(2)
        joined, hyphened = (head + tail).lower(), f"{head}-{tail}".lower()
        return head + tail if joined in vocabulary and hyphened not in vocabulary else f"{head}-{tail}"

    return " ".join(_LINE_END_HYPHEN.sub(join, text).split())


#: Where one paragraph of a selection ends and the next begins (the view puts a blank line there).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def clean_copy(text: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Selected text for Copy: each paragraph (blank-line separated) cleaned as a quotation
    is (:func:`clean_passage`: ligatures, hard line breaks, line-end hyphens), one per line."""
    paragraphs = (clean_passage(part, vocabulary) for part in _PARAGRAPH_BREAK.split(text))
    return "\n".join(p for p in paragraphs if p)


def vocabulary_of(doc: Document, pages: Iterable[int]) -> frozenset[str]:
    """The lower-case words (hyphenated ones whole) printed on 0-based *pages* of *doc*."""
    words: set[str] = set()
    for index in set(pages):
        try:
            text = doc.pdf[index].get_text(flags=0)
        except (MUPDF_ERRORS, IndexError):
            continue
        words.update(w.lower() for w in _VOCABULARY_WORD.findall(text.translate(LIGATURES)))
    return frozenset(words)
