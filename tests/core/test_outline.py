"""The outline generated from the layout (reader/core/outline.py), for PDFs without one."""
from __future__ import annotations

import pymupdf
import pytest

from reader.core.document import Document
from reader.core.outline import generate
from reader.core.record import Prepared
from reader.core.record.make import prepare

BODY = "The parties agree that the text of this paragraph is set in the body type of the paper. " * 2


def _paragraph(page, y: float, fontsize: float = 10) -> float:
    for start in range(0, len(BODY), 95):
        page.insert_text((72, y), BODY[start:start + 95], fontsize=fontsize, fontname="Times-Roman")
        y += fontsize * 1.3
    return y + 8


@pytest.fixture(scope="module")
def made_pdf(tmp_path_factory):
    """Three pages: a 20 pt title, bold 12 pt numbered sections (one over two lines), an
    "Annex" line, body text, and a bold running head at body size that names each page's number."""
    pdf = pymupdf.open()
    headings = {0: ["1. Introduction", "2. Scope of the"], 1: ["3. Findings"], 2: ["Annex"]}
    for number in range(3):
        page = pdf.new_page()
        page.insert_text((72, 40), f"Report of the Committee, page {number + 1}", fontsize=10, fontname="Times-Bold")
        y = 80.0
        if number == 0:
            page.insert_text((72, y), "Report of the Committee", fontsize=20, fontname="Times-Bold")
            y += 40
        for heading in headings[number]:
            page.insert_text((72, y), heading, fontsize=12, fontname="Times-Bold")
            y += 16
            if heading.endswith("the"):      # a heading over two lines
                page.insert_text((72, y), "present report", fontsize=12, fontname="Times-Bold")
                y += 16
            y = _paragraph(page, y + 4)
    path = tmp_path_factory.mktemp("outline") / "made.pdf"
    pdf.save(path)
    return path


def test_headings_by_size_and_weight_with_levels(made_pdf):
    found = generate(Document.open(made_pdf))
    assert [(h.level, h.title, h.page) for h in found] == [
        (1, "Report of the Committee", 0),
        (2, "1. Introduction", 0),
        (2, "2. Scope of the present report", 0),
        (2, "3. Findings", 1),
        (2, "Annex", 2),
    ]
    assert all(h.y > 45 for h in found)        # the running head at the top of every page is not one


def _without_outline(path):
    doc = Document.open(path)
    real = [(e.title, e.page) for e in doc.outline()]
    doc.pdf.set_toc([])           # the outline left aside: only the layout speaks
    assert doc.outline() == []
    return doc, real


@pytest.mark.parametrize("name", ["families/lo-footnotes/lo-footnotes.pdf",
                                  "families/lo-chapter-restart/lo-chapter-restart.pdf",
                                  "families/pandoc-md-odt-pdf/pandoc-md-odt-pdf.pdf"])
def test_the_real_outline_found_again_from_the_layout(data_file, name):
    doc, real = _without_outline(data_file(name))
    assert [(h.title, h.page) for h in generate(doc)] == real


def test_a_latex_manual_every_section_found_and_most_headings_are_sections(data_file):
    doc, real = _without_outline(data_file("cms-noteref-demo.pdf"))
    found = [(h.title, h.page) for h in generate(doc)]
    assert all(entry in found for entry in real)                 # recall 6/6
    assert len([f for f in found if f in real]) / len(found) >= 0.6   # the rest: its title, "Section 5"...


def test_a_un_resolution_without_outline_gets_its_annex_and_headings(data_file):
    found = generate(Document.open(data_file("un_A_RES_78_5.pdf")))
    titles = [h.title for h in found]
    assert "Annex" in titles
    assert ("Advancing science, finance and innovation, and their benefits, to urgently end the global "
            "tuberculosis epidemic, in particular by ensuring equitable access to prevention, testing, "
            "treatment and care") in titles           # three lines, one heading
    assert not any("A/RES/78/5" in t for t in titles)   # the symbol atop every page is a running head


def test_a_un_budget_resolution_lists_its_parts_and_sections_on_their_pages(data_file):
    found = {h.title: h.page for h in generate(Document.open(data_file("un_A_RES_80_242.pdf")))}
    assert found["Part II Political affairs"] == 7
    assert found["Section 3 Political affairs"] == 7


def test_the_prepared_record_keeps_the_headings(data_file):
    doc = Document.open(data_file("un_A_RES_80_242.pdf"))
    record, _complete = prepare(doc)
    assert [(h.title, h.page) for h in record.outline()] == [(h.title, h.page) for h in generate(doc)]
    again = Prepared.from_dict(record.to_dict())
    assert again.outline() == record.outline()
