"""Ground truth from what the generator put in.

The generator knows every note's label, text, URLs and the body text before its marker. A
paginating tool (LaTeX, LibreOffice) decides only *where* they land; that is read back by
searching the rendered PDF's plain page text (PyMuPDF ``page.get_text()``, not the footnote
engine) for the note's first words and for the words just before its marker. Reflowed
formats get ``note_page: null`` and a source line or element id instead.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pymupdf
from content import Note

QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-",
                        "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u00ad": "",
                        "\u2217": "*"})  # the math asterisk of Latin Modern, Charter ...


def squash(text: str) -> str:
    """Text without spaces, hyphens and typographic variants: line breaks and hyphenation
    cannot hide a phrase."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
    return re.sub(r"[\s\-]+", "", text)


def text_start(text: str, size: int = 40) -> str:
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 20 else size]


def pdf_pages(pdf: Path) -> list[str]:
    with pymupdf.open(pdf) as doc:
        return [squash(page.get_text()) for page in doc]


def find_page(pages: list[str], key: str, start: int, what: str,
              placed: list[tuple[int, str]] = ()) -> int:
    """1-based page of the first occurrence of *key* on page *start* or later that is not
    the text of a note already *placed* there (a bare "Ibid." repeats)."""
    for pno in range(start - 1, len(pages)):
        taken = sum(text.count(key) for page, text in placed if page == pno + 1)
        if pages[pno].count(key) > taken:
            return pno + 1
    raise LookupError(f"{what}: {key!r} not found from page {start} on")


def unique_tail(pages: list[str], text: str) -> str:
    """The shortest end of *text* (4 characters or more) found exactly once in the document:
    short enough not to straddle a page break, long enough to name one place."""
    for size in (4, 5, 6, 8, 10, 14, 20, 32, 48, 80):  # short: the marker may follow a page break
        key = text[-size:]
        if sum(page.count(key) for page in pages) == 1:
            return key
    raise LookupError(f"the words before a marker are not unique: {text[-48:]!r}")


def locate(pdf: Path, notes: list[Note], anchors: dict[int, str], note_key=None) -> None:
    """Set ref_page and note_page of *notes* (in marker order) from the PDF.

    *anchors* maps id(note) to the body text printed just before its marker (markers glued
    to it included). Pages only move forward, per series, so a repeated phrase cannot pull
    a note back to an earlier page."""
    pages = pdf_pages(pdf)
    ref_at: dict[str, int] = {}
    note_at: dict[str, int] = {}
    placed: list[tuple[int, str]] = []  # (page, squashed text) of the notes located so far
    for note in notes:
        if note.parent is None:
            key = unique_tail(pages, squash(anchors[id(note)]))
            note.ref_page = find_page(pages, key, ref_at.get("body", 1), f"marker of {note.text[:30]!r}")
            ref_at["body"] = note.ref_page
        series = note.kind + note.series
        start = note.parent.note_page if note.parent is not None else max(note_at.get(series, 1), note.ref_page)
        key = squash((note_key or text_start)(note.text))[:36]
        note.note_page = find_page(pages, key, start, f"note {note.text[:30]!r}", placed)
        placed.append((note.note_page, squash(note.text)))
        note_at[series] = note.note_page
        if note.parent is not None:
            note.ref_page = note.parent.note_page
    _last_pages(pages, notes)


def _last_pages(pages: list[str], notes: list[Note]) -> None:
    """note.extra["note_pages"]: the first and last page of each note whose last words are
    its own (a note continued on the next page ends there)."""
    texts = [squash(n.text) for n in notes]
    for note, text in zip(notes, texts):
        tail = text[-14:]
        if sum(t.count(tail) for t in texts) != 1:
            continue
        for pno in range(note.note_page, len(pages) + 1):
            if tail in pages[pno - 1]:
                note.extra["note_pages"] = [note.note_page, pno]
                break


def check_labels(pdf: Path, notes: list[Note]) -> None:
    """Every note's label must be printed right before its text on its page: a numbering
    the generator expected but the tool did not apply fails here, not in the engine's score."""
    pages = pdf_pages(pdf)
    with pymupdf.open(pdf) as doc:
        raw = [re.sub(r"[\s\-]+", "", page.get_text().lower()) for page in doc]
    for note in notes:
        text = squash(text_start(note.text))[:20]
        label = squash(note.label)
        page = pages[note.note_page - 1]
        if not any(f"{label}{sep}{text}" in page for sep in ("", ".", ")")):
            raise LookupError(f"label {note.label!r} not printed before {note.text[:30]!r} on page {note.note_page}")
        if "*" in note.label and note.label.replace("*", "\u2217") + squash(note.text)[:10].replace("*", "") \
                in raw[note.note_page - 1]:
            note.label = note.label.replace("*", "\u2217")   # the label as printed: TeX's math asterisk


def write_truth(doc: Path, notes: list[Note], *, pages: int | None, features: list[str], source: str,
                extra_keys: tuple[str, ...] = ()) -> None:
    """Write DOC.footnotes.json in the format of the shared scorer (score_footnotes.py)."""
    entries = []
    for note in notes:
        entry = {"label": note.label, "ref_page": note.ref_page, "note_page": note.note_page,
                 "note_text_start": text_start(note.text), "urls": note.urls, "kind": note.kind}
        if note.series:
            entry["series"] = note.series
        if "note_pages" in note.extra:
            entry["note_pages"] = note.extra["note_pages"]
        for key in extra_keys:
            if key in note.extra:
                entry[key] = note.extra[key]
        entries.append(entry)
    truth = {"document": doc.name, "pages": [1, pages] if pages else None, "footnote_count": len(notes),
             "features": features, "source": source,
             "generated": "tests/families/generate.py (ground truth from the generator's own notes)",
             "footnotes": entries}
    doc.with_name(doc.name + ".footnotes.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
