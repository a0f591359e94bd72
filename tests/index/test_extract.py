"""What the index stores of a file: its pages read once, or its prepared record."""
from __future__ import annotations

import re
from pathlib import Path

from index.extract import extract

FOOTNOTES = Path(__file__).parents[1] / "data" / "footnotes"


def test_a_latex_pdf_reads_without_broken_words():
    two_columns = extract(FOOTNOTES / "latex-twocolumn.pdf")
    body = two_columns.pages[0].body
    assert not re.search(r"[a-z]-\n[a-z]", body)
    assert "running text" in body and "second column" in body
    notes = extract(FOOTNOTES / "latex-notes.pdf")
    assert "Secretary-General" in notes.pages[0].body
    assert notes.pages[0].notes   # the footnote engine read the same pages


def test_the_index_reads_a_prepared_record_without_opening_the_document(tmp_path, monkeypatch):
    import pymupdf
    path = FOOTNOTES / "latex-notes.pdf"
    fresh = extract(path)
    assert extract(path, records=tmp_path) == fresh    # prepared and stored while reading
    opened = []
    real_open = pymupdf.open
    monkeypatch.setattr(pymupdf, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    assert extract(path, records=tmp_path) == fresh    # the same pages, notes, title, citations
    assert opened == []
