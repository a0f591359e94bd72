"""File > Print (Ctrl+P): the pages chosen in the print dialog, drawn through the core's pages.

The dialog is answered through gui/dialogs.py (as every modal dialog in these tests): the
answer sets the printer as a user would, to print to a PDF file, which is read back here."""
from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from reader.gui import dialogs

THUMB = (60, 85)   # compared at this size: the same page, not merely a page


def _answer(monkeypatch, out, mode, first=0, last=0):
    asked = []

    def ask(parent, printer, page_count):
        asked.append(page_count)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPrintRange(mode)
        printer.setFromTo(first, last)
        return True
    monkeypatch.setattr(dialogs, "ask_print", ask)
    return asked


def _grey(pix: pymupdf.Pixmap) -> bytes:
    small = pymupdf.Pixmap(pymupdf.csGRAY, pix)
    return pymupdf.Pixmap(small, *THUMB, None).samples


def _difference(a: bytes, b: bytes) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def _printed_pictures(out):
    printed = pymupdf.open(out)
    pictures = []
    for page in printed:
        (xref, *_rest), = page.get_images()
        pictures.append(pymupdf.Pixmap(printed, xref))
    return printed, pictures


@pytest.mark.parametrize(("mode", "first", "last", "expected"), [
    (QPrinter.PrintRange.PageRange, 2, 4, [1, 2, 3]),
    (QPrinter.PrintRange.CurrentPage, 0, 0, [5]),
])
def test_ctrl_p_prints_the_pages_chosen(open_doc, qtbot, data_file, tmp_path, monkeypatch, mode, first, last, expected):
    source_path = data_file("un_A_RES_78_5.pdf")
    window = open_doc(source_path)
    window.page_view.go_to_page(5)
    out = tmp_path / "printed.pdf"
    asked = _answer(monkeypatch, out, mode, first, last)
    qtbot.keyClick(window.page_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == [15]
    printed, pictures = _printed_pictures(out)
    assert printed.page_count == len(expected)
    source = pymupdf.open(source_path)
    for picture, index in zip(pictures, expected, strict=True):
        assert picture.width >= 595 / 72 * 250        # about 300 dpi across an A4 page's width
        mine = _grey(picture)
        same = _difference(mine, _grey(source[index].get_pixmap(dpi=72)))
        other = _difference(mine, _grey(source[index + 1].get_pixmap(dpi=72)))
        blank = _difference(mine, bytes([255]) * len(mine))
        assert same < 2 < min(other, blank)          # its own page's text (0.5), not another's (6-8) nor none (12-14)
