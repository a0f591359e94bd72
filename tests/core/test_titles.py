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
