"""Document titles for the library list and citations: what a reader would call the document."""
from __future__ import annotations

import pymupdf
import pytest

from reader.core.document import Document
from reader.core.titles import document_title


@pytest.mark.parametrize(("name", "title"), [
    # UN resolution: the masthead ("General Assembly", the symbol) and the "Resolution adopted
    # by …" heading are set larger, but the title is the line after the resolution number.
    ("un_A_RES_78_5.pdf", "Political declaration of the high-level meeting on the fight against tuberculosis"),
    # A draft over two lines, in two PDF blocks: joined.
    ("un_A_80_L.23.pdf", "International cooperation on humanitarian assistance in the field of natural "
                         "disasters, from relief to development"),
    ("cms-noteref-demo.pdf", "The noteref Option to the Notes & Bibliography Style"),
    ("seneca_letter_xcii.xhtml", "XC. ON THE PART PLAYED BY PHILOSOPHY IN THE PROGRESS OF MAN"),
])
def test_title_is_the_largest_text_of_page_one_without_the_masthead(data_file, name, title):
    assert document_title(Document.open(data_file(name))) == title


def test_metadata_title_wins_unless_it_names_a_file(tmp_path, data_file):
    pdf = pymupdf.open(data_file("un_A_RES_78_5.pdf"))
    pdf.set_metadata({"title": "Tuberculosis: political declaration"})
    pdf.save(tmp_path / "meta.pdf")
    assert document_title(Document.open(tmp_path / "meta.pdf")) == "Tuberculosis: political declaration"
    pdf.set_metadata({"title": "Microsoft Word - 2320108.docx"})
    pdf.save(tmp_path / "word.pdf")
    assert document_title(Document.open(tmp_path / "word.pdf")).startswith("Political declaration")


def test_text_all_of_one_size_is_named_by_its_file(tmp_path):
    pdf = pymupdf.open()
    page = pdf.new_page()
    for i in range(5):
        page.insert_text((72, 72 + 14 * i), f"Line {i} of a plain letter.", fontsize=11)
    pdf.save(tmp_path / "plain-letter.pdf")
    assert document_title(Document.open(tmp_path / "plain-letter.pdf")) == "plain-letter"


def _one_size_page(path, heading: str) -> None:
    """A page set all in 11 pt: a date, a bold heading, then a paragraph of prose."""
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 72), "2 April 2025", fontsize=11)
    page.insert_text((72, 110), heading, fontsize=11, fontname="hebo")
    prose = ("I am writing in connection with the statement made last week, which compels me to set out "
             "the following points for the record of the Assembly and of the Council.")
    page.insert_textbox(pymupdf.Rect(72, 130, 520, 300), prose, fontsize=11)
    pdf.save(path)


def test_on_a_page_of_one_size_the_bold_heading_above_the_prose_is_the_title(tmp_path, data_file):
    _one_size_page(tmp_path / "letter.pdf", "Letter dated 1 April 2025 to the Secretary-General")
    assert document_title(Document.open(tmp_path / "letter.pdf")) == "Letter dated 1 April 2025 to the Secretary-General"
    # The seed letter (Markdown: its headings only bold) is named as its page 1 names it.
    assert document_title(Document.open(data_file("un-letter-2025-04-01.md"))) == (
        "Letter dated 1 April 2025 from the Permanent Representative of Azerbaijan to the United Nations "
        "addressed to the Secretary-General")


@pytest.mark.parametrize("heading", ["Introduction", "2.5 Support for other languages"])
def test_a_section_heading_above_the_prose_is_no_title(tmp_path, heading):
    _one_size_page(tmp_path / "notes-on-a-draft.pdf", heading)
    assert document_title(Document.open(tmp_path / "notes-on-a-draft.pdf")) == "notes-on-a-draft"
