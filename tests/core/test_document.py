"""The document core on real files: formats, layout of reflowable files, errors in words."""
from __future__ import annotations

import subprocess
import sys

import pymupdf
import pytest

from reader.core import formats
from reader.core.document import Document, layout_cache_path
from reader.core.errors import DocumentOpenError, PasswordRequired


def test_core_and_index_import_without_qt():
    code = "import sys, reader.core.document, reader.core.reflow, reader.core.navigation; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_seed_markdown_keeps_raw_superscripts_with_positions(seed):
    doc = Document.open(seed)
    assert doc.format == "markdown" and doc.page_count >= 3
    sups = {k: v for k, v in doc.positions.items() if k.startswith("sup-")}
    assert len(sups) == 14               # 7 markers in the body + 7 note labels
    assert "<sup" in doc.html and "1</sup>" in doc.html
    body_text = "".join(p.get_text() for p in doc.pdf)
    assert "Reissued for technical reasons" in body_text


def test_markdown_saved_as_txt_is_laid_out_as_markdown(data_file):
    doc = Document.open(data_file("un-letter-2025-04-01.txt"))
    assert doc.format == "markdown"
    assert "**" not in doc.pdf[0].get_text()     # bold markup was rendered, not shown


def test_plain_text_stays_text(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("A plain line of text.\n\nAnother paragraph with 1/4/2025 in it.\n", encoding="utf-8")
    doc = Document.open(path)
    assert doc.format == "text"
    assert "1/4/2025" in doc.pdf[0].get_text()


def test_markdown_footnote_syntax_becomes_linked_notes(tmp_path):
    path = tmp_path / "fn.md"
    path.write_text("Claim one.[^1] Claim two.[^a]\n\n[^1]: First note.\n[^a]: Second note.\n", encoding="utf-8")
    doc = Document.open(path)
    links = [link for page in doc.pdf for link in page.get_links()]
    assert sum(1 for link in links if link["kind"] == pymupdf.LINK_GOTO) >= 2


def test_layout_cache_round_trip(seed, tmp_path):
    first = Document.open(seed, cache_dir=tmp_path)
    cached = layout_cache_path(seed, tmp_path)
    assert cached.is_file() and cached.with_suffix(".json").is_file()
    second = Document.open(seed, cache_dir=tmp_path)
    assert second.page_count == first.page_count
    assert second.positions == first.positions


def test_pdf_named_epub_opens_as_pdf_and_says_so(copy_to_tmp):
    path = copy_to_tmp("un_A_RES_78_5.pdf", "resolution.epub")
    doc = Document.open(path)
    assert doc.format == "pdf" and doc.page_count == 15
    assert any("opened as PDF" in w for w in doc.warnings)


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "web page"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
    (b"%PDF-1.4\n" + b"\x00\xff" * 200, "damaged"),
])
def test_bad_pdfs_fail_with_a_sentence(tmp_path, content, words):
    path = tmp_path / "paper.pdf"
    path.write_bytes(content)
    with pytest.raises(DocumentOpenError) as info:
        Document.open(path)
    assert words in str(info.value) and "paper.pdf" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentOpenError, match="does not exist"):
        Document.open(tmp_path / "nothing.pdf")


def test_password_protected_pdf(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret text")
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="open sesame", owner_pw="owner")
    with pytest.raises(PasswordRequired) as info:
        Document.open(path)
    assert not info.value.wrong_password
    with pytest.raises(PasswordRequired) as info:
        Document.open(path, "wrong")
    assert info.value.wrong_password
    assert "secret text" in Document.open(path, "open sesame").pdf[0].get_text()


def test_text_that_mentions_a_pdf_header_is_still_text(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("# How PDFs begin\n\nEvery PDF file starts with `%PDF-1.7` or similar.\n", encoding="utf-8")
    assert formats.sniff(notes).format == "markdown"
    doc = Document.open(notes)
    assert "How PDFs begin" in doc.pdf[0].get_text() and doc.warnings == []
    mislabelled = tmp_path / "report.txt"
    mislabelled.write_bytes(b"%PDF-1.4\n" + b"junk")
    assert formats.sniff(mislabelled).format == "pdf"


def test_sniff_markdown_heuristic():
    assert formats.looks_like_markdown("# Title\n\nSome **bold** text.")
    assert not formats.looks_like_markdown("Just a sentence. And another one, 24/7.")


def _text_of(path) -> tuple[str, list[str]]:
    doc = Document.open(path)
    try:
        return "".join(page.get_text() for page in doc.pdf), doc.warnings
    finally:
        doc.close()


def test_html_in_its_declared_latin1_charset(tmp_path):
    """An older web page saved as ISO-8859-1 reads with its accents and curly quotes."""
    path = tmp_path / "old.html"
    path.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
                     '</head><body><p>Caf\u00e9 \u201cna\u00efve\u201d.</p></body></html>'.encode("cp1252"))
    text, warnings = _text_of(path)
    assert "Caf\u00e9 \u201cna\u00efve\u201d." in text
    assert warnings == []


def test_xhtml_with_an_xml_encoding_declaration(tmp_path):
    path = tmp_path / "old.xhtml"
    path.write_bytes('<?xml version="1.0" encoding="ISO-8859-15"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                     '<body><p>Prix: 5 \u20ac, \u0153uvre.</p></body></html>'.encode("iso-8859-15"))
    assert "Prix: 5 \u20ac, \u0153uvre." in _text_of(path)[0]


def test_utf8_page_under_a_stale_latin1_label_stays_utf8(tmp_path):
    path = tmp_path / "mislabelled.html"
    path.write_text('<html><head><meta charset="iso-8859-1"></head><body><p>Gen\u00e8ve, \u00a7 3.</p></body></html>',
                    encoding="utf-8")
    assert "Gen\u00e8ve, \u00a7 3." in _text_of(path)[0]


def test_gutenberg_text_in_its_declared_charset(tmp_path):
    path = tmp_path / "pg.txt"
    path.write_bytes("The Project Gutenberg eBook of Essais\n\nCharacter set encoding: ISO-8859-1\n\n"
                     "Que sais-je? \u00c0 la fa\u00e7on de Montaigne.\n".encode("latin-1"))
    text, warnings = _text_of(path)
    assert "\u00c0 la fa\u00e7on de Montaigne." in text
    assert warnings == []


def test_text_with_a_bom_and_an_emacs_coding_line(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfZ\xc3\xbcrich.\n")
    assert "Z\u00fcrich." in _text_of(bom)[0]
    emacs = tmp_path / "emacs.txt"
    emacs.write_bytes("-*- coding: koi8-r -*-\n\u041c\u043e\u0441\u043a\u0432\u0430.\n".encode("koi8-r"))
    assert "\u041c\u043e\u0441\u043a\u0432\u0430." in _text_of(emacs)[0]
