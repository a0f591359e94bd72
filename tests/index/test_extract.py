"""The text the index reads from a page: one reading per page, broken words joined."""
from __future__ import annotations

import re
from pathlib import Path

from index.extract import blocks_text, extract

FOOTNOTES = Path(__file__).parents[1] / "data" / "footnotes"


def lines(*texts: str) -> list[dict]:
    return [{"lines": [{"spans": [{"text": text}]} for text in texts]}]


def test_words_broken_at_line_ends_are_joined():
    text = blocks_text(lines("the inter-", "national community and the Secretary-", "General said"))
    assert "international community" in text
    assert "Secretary-General" in text          # a capital after the hyphen: a compound, kept


def test_soft_hyphens_and_ligatures_are_undone():
    text = blocks_text(lines("con\ufb02icts and e\ufb00orts to de\u00ad", "velop the \ufb01eld"))
    assert text.split() == ["conflicts", "and", "efforts", "to", "develop", "the", "field"]


def test_numbers_and_symbols_keep_their_hyphen_at_a_line_end():
    assert "A/78/636-\nS/2023/960" in blocks_text(lines("see A/78/636-", "S/2023/960"))


def test_blocks_are_separated_by_a_blank_line():
    blocks = lines("first block") + lines("second block")
    assert blocks_text(blocks) == "first block\n\nsecond block\n"


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
