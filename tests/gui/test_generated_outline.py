"""A PDF without an outline (UN documents) gets one from its headings, marked as generated."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader.gui.tocpanel import GENERATED_LABEL


def test_a_un_resolution_shows_headings_a_click_goes_there_and_back_returns(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_80_242.pdf"))
    toc = window.toc_panel
    qtbot.waitUntil(toc.is_generated, timeout=60000)     # once the record is made (a child)
    window.toc_dock.raise_()
    qtbot.waitUntil(toc.isVisible)
    assert toc.topLevelItem(0).text(0) == GENERATED_LABEL
    item = next(i for i in toc.entry_items() if i.text(0) == "Part II Political affairs")
    assert item.font(0).italic()
    toc.scrollToItem(item)
    qtbot.mouseClick(toc.viewport(), Qt.MouseButton.LeftButton, pos=toc.visualItemRect(item).center())
    qtbot.waitUntil(lambda: window.page_view.current_page() == 7)
    qtbot.keyClick(window.page_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)   # Back
    qtbot.waitUntil(lambda: window.page_view.current_page() == 0)


def test_a_pdf_with_its_own_outline_keeps_it(open_doc, qtbot, data_file):
    window = open_doc(data_file("cms-noteref-demo.pdf"))
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    toc = window.toc_panel
    assert not toc.is_generated()
    assert [i.text(0) for i in toc.entry_items()][:2] == ["Long notes", "Short notes on the same page"]
