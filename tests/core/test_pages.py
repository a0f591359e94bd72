"""The Page interface the window draws through: plain data in PDF points, no PyMuPDF objects."""
from __future__ import annotations

import pymupdf
import pytest

from reader.core.document import Document
from reader.core.pages import Link


@pytest.fixture
def linked_pdf(tmp_path):
    """Two pages: page 1 says "Alpha beta" and links to page 2, 300 pt down; page 2 says "beta"."""
    pdf = pymupdf.open()
    for text in ("Alpha beta gamma", "beta again"):
        page = pdf.new_page(width=400, height=600)
        page.insert_text((72, 100), text, fontsize=12)
    pdf[0].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(72, 88, 150, 104), "page": 1,
                        "to": pymupdf.Point(0, 300)})
    path = tmp_path / "linked.pdf"
    pdf.save(path)
    return path


def test_a_page_answers_in_points_and_plain_data(linked_pdf):
    doc = Document.open(linked_pdf)
    first = doc.page(0)
    assert first.size() == (400.0, 600.0)
    words = first.words()
    assert [w[4] for w in words] == ["Alpha", "beta", "gamma"]
    assert all(isinstance(v, float) for v in words[0][:4]) and words[0][0] == pytest.approx(72, abs=1)
    links = first.links()
    assert links == [Link(links[0].rect, 1, 300.0)] and links[0].contains(100, 95)
    assert not links[0].contains(300, 95)
    hits = first.search("BETA")
    assert len(hits) == 1 and hits[0][0] > words[0][2]      # after "Alpha", case-insensitive
    assert len(first.search("alpha", "gamma")) == 2 and first.search("delta") == []
    assert "Alpha beta gamma" in first.text()
    assert doc.page(1).search("beta") and doc.page(1).links() == []


def test_a_page_draws_at_a_scale(linked_pdf):
    page = Document.open(linked_pdf).page(0)
    small, big = page.render(0.5), page.render(1.0, 2.0)
    assert (small.width, small.height) == (200, 300) and (big.width, big.height) == (800, 1200)
    assert len(big.samples) == big.stride * big.height
    capped = page.render(1.0, max_pixels=10_000)
    assert capped.capped and capped.width * capped.height <= 10_000
    part = page.render(1.0, clip=(0, 0, 100, 50))
    assert (part.width, part.height) == (100, 50)


def test_a_page_that_does_not_exist_is_a_programming_error(linked_pdf):
    doc = Document.open(linked_pdf)
    with pytest.raises(IndexError, match="page 8 of 2"):
        doc.page(7)
