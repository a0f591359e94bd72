"""View > Facing Pages, First Page Alone, Rotate Left/Right: drawn so, and kept per document."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.paths import Paths


def _dark_share(view, rect) -> float:
    """The share of dark pixels inside *rect* of the view as drawn (text is dark)."""
    image = view.viewport().grab(rect.toAlignedRect()).toImage()
    dark = sum(image.pixelColor(x, y).lightness() < 128 for x in range(image.width()) for y in range(image.height()))
    return dark / max(1, image.width() * image.height())


def test_facing_pages_side_by_side_first_alone_like_a_book(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)   # View > Facing Pages
    assert window.facing_action.isChecked()
    one, two, three = (view.page_rect(i) for i in range(3))
    assert one.bottom() < two.top()                              # page 1 alone
    assert two.top() == three.top() and two.right() < three.left()   # then 2-3 side by side
    assert abs(one.center().x() - view.viewport().width() / 2) < 2
    window.first_alone_action.trigger()                          # View > First Page Alone, off
    one, two = view.page_rect(0), view.page_rect(1)
    assert one.top() == two.top() and one.right() < two.left()
    view.go_to_page(6)
    qtbot.waitUntil(view.all_visible_rendered)
    assert view.current_page() == 6 and view.page_rect(7).top() == view.page_rect(6).top()


def test_rotate_right_turns_the_page_and_what_is_drawn_on_it(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    word = next(w for w in window.document.page(0).words() if w[4] == "Assembly")   # the masthead, top left
    qtbot.keyClick(view, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)   # Rotate Right
    page = view.page_rect(0)
    assert page.width() > page.height()                          # A4 portrait, turned
    where = view.to_view(0, word[:4])
    assert where.center().x() > page.center().x() and where.center().y() < page.center().y()   # now top right
    assert where.height() > where.width()                        # and running down the page
    qtbot.waitUntil(view.all_visible_rendered)
    view.viewport().repaint()
    assert _dark_share(view, where) > 0.1                        # the picture turned as the words did
    qtbot.keyClick(view, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)    # Rotate Left
    page = view.page_rect(0)
    assert page.height() > page.width()


def test_the_layout_is_kept_per_document(tmp_path, start_window, data_file, qtbot):
    paths = Paths.under(tmp_path / "ibid")
    resolution, letter = data_file("un_A_RES_78_5.pdf"), data_file("un_A_80_L.23.pdf")
    first = start_window(paths, resolution)
    qtbot.waitExposed(first)
    qtbot.waitUntil(first.page_view.all_visible_rendered)
    qtbot.keyClick(first.page_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(first.page_view, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert first.facing_action.isChecked()
    with qtbot.waitSignal(first.document_opened, timeout=30000):
        first.open_document(letter)
    assert not first.facing_action.isChecked()                   # another document: its own layout
    assert first.page_view.page_rect(0).height() > first.page_view.page_rect(0).width()
    first.close()
    second = start_window(paths, resolution)                     # a restart
    qtbot.waitUntil(second.page_view.all_visible_rendered)
    view = second.page_view
    assert second.facing_action.isChecked()
    assert view.page_rect(1).top() == view.page_rect(2).top()
    assert view.page_rect(0).width() > view.page_rect(0).height()
    second.close()
