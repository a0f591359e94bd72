"""Document.open on hostile files, in-process: the focused changes to document/formats/reflow."""
from __future__ import annotations

import time
import zipfile

import pymupdf
import pytest
from make_broken import CASES, base_pdf

from reader.core import formats, reflow
from reader.core.document import MUPDF_ERRORS, Document, page_text_dict
from reader.core.errors import DocumentOpenError, LimitExceeded, PageError
from reader.core.settings import Limits

MAKERS = {case.name: case.make for case in CASES}


@pytest.fixture
def made(tmp_path):
    def make(name: str):
        path = tmp_path / name
        MAKERS[name](path)
        return path
    return make


def test_a_lying_page_tree_is_rebuilt_from_page_objects(made):
    doc = Document.open(made("page-count-lie.pdf"))
    assert doc.page_count == 1 and "is damaged" in doc.warnings[0]
    assert "hostile" in doc.pdf[0].get_text()


def test_zero_pages_is_an_error_not_a_blank_window(tmp_path):
    empty_tree = tmp_path / "no-pages.pdf"
    empty_tree.write_bytes(
        b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n")
    with pytest.raises(DocumentOpenError, match=r"^no-pages\.pdf is incomplete or damaged: no page could be read\.$"):
        Document.open(empty_tree)


def test_junk_before_the_header_is_repaired(made):
    doc = Document.open(made("garbage-prefix.pdf"))
    assert doc.format == "pdf" and doc.page_count == 3 and doc.warnings


def test_a_pdf_named_epub_opens_as_pdf_with_a_note(made):
    doc = Document.open(made("pdf-renamed.epub"))
    assert doc.format == "pdf"
    assert doc.warnings == ["pdf-renamed.epub is named .epub but is a PDF; opened as PDF."]


def test_mixed_encodings_named_md_are_text(made):
    doc = Document.open(made("invalid-utf8.md"))
    assert doc.format == "markdown" and "\ufffd" in doc.html and "caf" in doc.pdf[0].get_text()
    assert any("not valid UTF-8" in w for w in doc.warnings)


def test_binary_named_txt_is_still_refused(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(DocumentOpenError, match="unrecognisable"):
        Document.open(junk)


def test_empty_markdown_is_a_blank_page_with_a_notice(made):
    doc = Document.open(made("empty.md"))
    assert doc.page_count == 1 and doc.warnings == ["empty.md is empty."]


def test_zip_directory_is_checked_before_mupdf(made):
    limits = Limits(max_archive_text_mb=2)
    with pytest.raises(LimitExceeded, match=r"^This EPUB expands to 3 MB of text, more than the 2 MB"):
        Document.open(made("epub-bomb.epub"), limits=limits)
    with pytest.raises(LimitExceeded, match="holds more than 500 files"):
        Document.open(made("epub-many-entries.epub"), limits=Limits(max_archive_entries=500))


def test_absurd_epub_page_counts_are_refused(made):
    with pytest.raises(LimitExceeded, match=r"^This EPUB expands to more than 1,000 pages; Ibid stopped laying it out\.$"):
        Document.open(made("epub-huge-padding.epub"), limits=Limits(max_pages=1000))


def test_epub_without_container_uses_its_opf(made):
    doc = Document.open(made("epub-no-container.epub"))
    assert doc.page_count >= 1 and "General Assembly" in doc.pdf[0].get_text()
    assert "container.xml" in doc.warnings[0]


def test_empty_spine_falls_back_to_manifest_order(made):
    doc = Document.open(made("epub-empty-spine.epub"))
    assert doc.page_count >= 1 and "General Assembly" in doc.pdf[0].get_text()
    assert doc.warnings == ["epub-empty-spine.epub has no reading order; Ibid shows its chapters in the order they are listed."]


def test_unsafe_zip_names_are_noted(made):
    doc = Document.open(made("epub-traversal.epub"))
    assert any("outside the archive" in w for w in doc.warnings)


@pytest.mark.parametrize("name", ["long-line.md", "nested-quotes.md", "nul-bytes.txt"])
def test_reflowable_notices(made, name):
    doc = Document.open(made(name), limits=Limits(max_text_mb=0.2))
    assert doc.page_count >= 1 and len(doc.warnings) == 1


def test_mupdf_errors_are_caught_as_such():
    assert issubclass(pymupdf.mupdf.FzErrorFormat, MUPDF_ERRORS)


def test_page_text_dict_never_keeps_images_and_words_its_errors(made):
    doc = Document.open(made("huge-image.pdf"))
    blocks = page_text_dict(doc.pdf[0], flags=pymupdf.TEXTFLAGS_DICT)["blocks"]
    assert blocks and all(b["type"] == 0 for b in blocks)
    deep = Document.open(made("deep-nesting-q.pdf"))
    with pytest.raises(PageError, match="^Page 1 cannot be read: too many nested graphics states.$"):
        page_text_dict(deep.pdf[0])


def test_many_internal_links_lay_out_quickly():
    """10,000 footnotes took 44 s in Page.insert_link; links are now written directly."""
    refs = " ".join(f"Word[^{i}]" for i in range(1, 2001))
    notes = "\n\n".join(f"[^{i}]: Note {i}." for i in range(1, 2001))
    html = reflow.markdown_to_html(refs + "\n\n" + notes)
    start = time.monotonic()
    layout = reflow.layout_html(html)
    assert time.monotonic() - start < 20
    first = layout.pdf[0].get_links()
    goto = [link for link in first if link["kind"] == pymupdf.LINK_GOTO]
    assert goto, "footnote calls link to their notes"
    note_page, note_rect = layout.positions["fn1"][0]
    assert any(link["page"] == note_page and abs(link["to"].y - note_rect[1]) < 1 for link in goto)


def test_web_links_but_no_file_links():
    layout = reflow.layout_html('<p><a href="https://example.org/a(b)">web</a> <a href="file:///etc/passwd">f</a>'
                                ' <a href="javascript:alert(1)">j</a></p>')
    uris = [link.get("uri") for link in layout.pdf[0].get_links()]
    assert uris and set(uris) == {"https://example.org/a(b)"}


def test_truncated_zip_is_a_sentence(made):
    with pytest.raises(DocumentOpenError, match="^epub-truncated.epub is damaged"):
        Document.open(made("epub-truncated.epub"))
    assert not zipfile.is_zipfile(made("epub-truncated.epub"))


def test_sniffing_reads_only_the_head(tmp_path):
    pdf = tmp_path / "x.bin"
    pdf.write_bytes(b"\0" * 3000 + base_pdf(1))
    assert formats.sniff(pdf).format == "pdf"


def test_broken_boxes_and_bookmarks_are_said_when_opening(made):
    boxes = Document.open(made("bad-page-boxes.pdf"))
    assert boxes.page_count == 4 and any("broken size" in w for w in boxes.warnings)
    outline = Document.open(made("outline-cycle.pdf"))
    assert outline.outline() == [] and any("bookmarks" in w for w in outline.warnings)
    clean = Document.open(made("many-links.pdf"))
    assert clean.warnings == []
