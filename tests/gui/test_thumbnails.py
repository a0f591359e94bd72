"""The Pages tab: thumbnails of the visible pages only, the current page marked, a click jumps."""
from __future__ import annotations

import pymupdf
from PySide6.QtCore import Qt


def _show_pages_tab(window, qtbot):
    window.pages_dock.show()
    window.pages_dock.raise_()
    qtbot.waitUntil(lambda: window.thumbnails.isVisible())
    return window.thumbnails


def test_a_click_on_a_thumbnail_goes_to_its_page_and_back_returns(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    strip = _show_pages_tab(window, qtbot)
    qtbot.waitUntil(lambda: strip.is_rendered(0))
    assert strip.current_page() == 0
    strip.scrollTo(strip.model().index(6))
    rect = strip.thumbnail_rect(6)
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.page_view.current_page() == 6)
    assert strip.current_page() == 6
    qtbot.keyClick(window.page_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)   # Back
    qtbot.waitUntil(lambda: window.page_view.current_page() == 0)
    assert strip.current_page() == 0          # the mark follows the view


def test_the_mark_follows_the_view(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    strip = _show_pages_tab(window, qtbot)
    qtbot.keyClick(window.page_view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: strip.current_page() == 14)
    qtbot.waitUntil(lambda: strip.is_rendered(14))    # scrolled into the strip and drawn


def test_a_thousand_pages_draw_only_the_visible_thumbnails(open_doc, qtbot, tmp_path):
    pdf = pymupdf.open()
    for n in range(1000):
        pdf.new_page().insert_text((72, 72), f"Page {n + 1}", fontsize=40)
    path = tmp_path / "thousand.pdf"
    pdf.save(path)
    window = open_doc(path)
    strip = _show_pages_tab(window, qtbot)
    qtbot.waitUntil(lambda: strip.is_rendered(0))
    qtbot.waitUntil(lambda: not strip.model().is_busy())
    first = strip.rendered_count()
    assert 1 <= first <= 10                      # a few fit in the strip; 990 and more do not
    qtbot.keyClick(window.page_view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: strip.is_rendered(999))
    qtbot.waitUntil(lambda: not strip.model().is_busy())
    assert strip.rendered_count() <= 2 * first + 2   # the pages in between were never drawn


def test_the_strip_shows_the_tab_in_front(main_window, qtbot, data_file):
    """Back on a tab whose pages were drawn when it opened, the strip draws its thumbnails
    (it waited for a drawing of the view that had already happened)."""
    window = main_window
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(data_file("un_A_RES_78_5.pdf"))
    strip = _show_pages_tab(window, qtbot)
    qtbot.waitUntil(lambda: strip.is_rendered(0))
    qtbot.keyClick(window.page_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(data_file("un_A_80_L.23.pdf"))
    qtbot.waitUntil(lambda: strip.is_rendered(0))
    qtbot.keyClick(window.page_view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.document is not None and "78_5" in window.document.path.name)
    qtbot.waitUntil(lambda: strip.is_rendered(0), timeout=3000)
