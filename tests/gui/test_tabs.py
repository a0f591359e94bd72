"""Tabs, as a researcher expects them from Okular, SumatraPDF and browsers: Ctrl+T then Open,
Ctrl+W, Ctrl+Tab, Back/Forward per tab, a document already open is switched to, the tabs
come back after a restart, and the Library opens in a new tab on a middle click."""
from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, Qt

from reader.core.navigation import Location
from reader.core.paths import Paths
from reader.core.state import OpenTab

CTRL, SHIFT, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier
RESOLUTION, DRAFT, ARTICLE = "un_A_RES_78_5.pdf", "un_A_80_L.23.pdf", "asmejour-two-column-notes.pdf"


def _open(window, qtbot, path):
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(path)
    qtbot.waitUntil(window.page_view.all_visible_rendered, timeout=10000)


def _names(window) -> list[str]:
    return [t.session.document.path.name if t.session.document else "" for t in window.tab_area.tabs()]


def _shown(window) -> str:
    return window.document.path.name if window.document is not None else ""


def _go_to_page(window, qtbot, page: int) -> None:
    """Ctrl+G, the page number, Enter: a jump Back returns from."""
    qtbot.keyClick(window.page_view, Qt.Key.Key_G, CTRL)
    qtbot.keyClicks(window.page_box, str(page))
    qtbot.keyClick(window.page_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page_view.current_page() == page - 1)


def test_ctrl_t_makes_a_tab_that_open_fills_and_the_first_document_stays(main_window, qtbot, data_file):
    window = main_window
    _open(window, qtbot, data_file(RESOLUTION))
    assert not window.tab_area.tab_bar_shown()          # one document: no tab bar, as before tabs
    qtbot.keyClick(window.page_view, Qt.Key.Key_T, CTRL)
    assert _names(window) == [RESOLUTION, ""] and window.document is None
    assert window.windowTitle() == "Ibid" and window.notes_panel.entries() == []
    _open(window, qtbot, data_file(DRAFT))              # File > Open fills the new tab
    assert _names(window) == [RESOLUTION, DRAFT] and _shown(window) == DRAFT
    assert window.tab_area.tab_bar_shown()
    assert window.windowTitle().endswith("— Ibid") and "L.23" in window.windowTitle()
    _open(window, qtbot, data_file(ARTICLE))            # a plain open replaces the current tab's document
    assert _names(window) == [RESOLUTION, ARTICLE]


def test_ctrl_w_closes_the_tab_and_the_last_one_is_emptied(main_window, qtbot, data_file):
    window = main_window
    _open(window, qtbot, data_file(RESOLUTION))
    qtbot.keyClick(window.page_view, Qt.Key.Key_T, CTRL)
    _open(window, qtbot, data_file(DRAFT))
    qtbot.keyClick(window.page_view, Qt.Key.Key_W, CTRL)
    assert _names(window) == [RESOLUTION] and _shown(window) == RESOLUTION
    qtbot.waitUntil(lambda: "78/5" in window.windowTitle() or RESOLUTION in window.windowTitle())
    assert not window.tab_area.tab_bar_shown()
    qtbot.keyClick(window.page_view, Qt.Key.Key_W, CTRL)
    assert _names(window) == [""] and window.document is None and window.windowTitle() == "Ibid"
    assert window.page_total.text().strip() == "of 0"


def test_ctrl_tab_and_ctrl_shift_tab_go_round_the_tabs(main_window, qtbot, data_file):
    window = main_window
    for i, name in enumerate((RESOLUTION, DRAFT, ARTICLE)):
        if i:
            qtbot.keyClick(window.page_view, Qt.Key.Key_T, CTRL)
        _open(window, qtbot, data_file(name))
    assert _shown(window) == ARTICLE
    qtbot.keyClick(window.page_view, Qt.Key.Key_Tab, CTRL)
    assert _shown(window) == RESOLUTION                  # round from the last to the first
    qtbot.keyClick(window.page_view, Qt.Key.Key_Backtab, CTRL | SHIFT)
    assert _shown(window) == ARTICLE
    qtbot.keyClick(window.page_view, Qt.Key.Key_Backtab, CTRL | SHIFT)
    assert _shown(window) == DRAFT and window.page_view.hasFocus()


def test_back_and_forward_belong_to_each_tab(main_window, qtbot, data_file):
    window = main_window
    _open(window, qtbot, data_file(RESOLUTION))
    _go_to_page(window, qtbot, 3)
    qtbot.keyClick(window.page_view, Qt.Key.Key_T, CTRL)
    assert not window.back_action.isEnabled()            # a new tab has no history
    _open(window, qtbot, data_file(ARTICLE))
    _go_to_page(window, qtbot, 2)
    qtbot.keyClick(window.page_view, Qt.Key.Key_Left, ALT)    # Back in the article's tab
    qtbot.waitUntil(lambda: window.page_view.current_page() == 0)
    assert _shown(window) == ARTICLE
    qtbot.keyClick(window.page_view, Qt.Key.Key_Tab, CTRL)
    assert _shown(window) == RESOLUTION and window.page_view.current_page() == 2
    qtbot.keyClick(window.page_view, Qt.Key.Key_Left, ALT)    # Back in the resolution's tab: its own page 1
    qtbot.waitUntil(lambda: window.page_view.current_page() == 0)
    assert _shown(window) == RESOLUTION and not window.back_action.isEnabled()
    qtbot.keyClick(window.page_view, Qt.Key.Key_Tab, CTRL)
    assert _shown(window) == ARTICLE and window.forward_action.isEnabled()
    qtbot.keyClick(window.page_view, Qt.Key.Key_Right, ALT)   # its Forward still leads to its page 2
    qtbot.waitUntil(lambda: window.page_view.current_page() == 1)


def test_opening_a_document_already_open_switches_to_its_tab(main_window, qtbot, data_file):
    window = main_window
    _open(window, qtbot, data_file(RESOLUTION))
    qtbot.keyClick(window.page_view, Qt.Key.Key_T, CTRL)
    _open(window, qtbot, data_file(DRAFT))
    window.open_document(data_file(RESOLUTION))          # File > Open, Open Recent, a search hit
    assert _names(window) == [RESOLUTION, DRAFT] and _shown(window) == RESOLUTION
    assert window.page_view.hasFocus()
    qtbot.waitUntil(lambda: "78/5" in window.windowTitle() or RESOLUTION in window.windowTitle())


def test_the_tabs_come_back_after_a_restart_and_a_file_gone_is_said(start_window, qtbot, tmp_path, data_file):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in (RESOLUTION, DRAFT, ARTICLE):
        shutil.copy(data_file(name), folder / name)
    paths = Paths.under(tmp_path / "ibid")
    first = start_window(paths)
    for i, name in enumerate((RESOLUTION, ARTICLE, DRAFT)):
        if i:
            qtbot.keyClick(first.page_view, Qt.Key.Key_T, CTRL)
        _open(first, qtbot, folder / name)
    qtbot.keyClick(first.page_view, Qt.Key.Key_Backtab, CTRL | SHIFT)   # the article in front, at page 2, 150 %
    first.zoom_box.setFocus()
    first.zoom_box.lineEdit().selectAll()
    qtbot.keyClicks(first.zoom_box, "150%")
    qtbot.keyClick(first.zoom_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: abs(first.page_view.zoom() - 1.5) < 1e-3)
    _go_to_page(first, qtbot, 2)
    left = first.page_view.location()
    first.close()
    (folder / DRAFT).unlink()                            # moved away between two runs

    second = start_window(paths)
    assert second.restore_tabs()                         # as Ibid's start does without a file named
    qtbot.waitUntil(lambda: _names(second) == [RESOLUTION, ARTICLE] and _shown(second) == ARTICLE, timeout=30000)
    qtbot.waitUntil(lambda: second.page_view.location() == left)   # its page, place and zoom
    qtbot.waitUntil(lambda: DRAFT in second.statusBar().currentMessage())   # said, not a dialog
    qtbot.keyClick(second.page_view, Qt.Key.Key_Tab, CTRL)
    assert _shown(second) == RESOLUTION


def test_nothing_to_restore_when_every_file_is_gone(start_window, qtbot, tmp_path, data_file):
    copy = tmp_path / RESOLUTION
    shutil.copy(data_file(RESOLUTION), copy)
    paths = Paths.under(tmp_path / "ibid")
    first = start_window(paths, copy)
    first.close()
    copy.unlink()
    second = start_window(paths)
    assert not second.restore_tabs()                     # (the start opens a sample instead)
    assert RESOLUTION in second.statusBar().currentMessage()


def _note_texts(window) -> list[str]:
    return [e.text for e in window.notes_panel.entries()]


def test_side_by_side_shows_two_documents_and_the_notes_panel_follows_the_focus(main_window, qtbot, data_file):
    window = main_window
    _open(window, qtbot, data_file(RESOLUTION))
    qtbot.waitUntil(lambda: len(window.notes_panel.entries()) == 12, timeout=60000)
    resolution_notes = _note_texts(window)
    _go_to_page(window, qtbot, 7)                                   # (the article on the right shows pages 1-2)
    left = window.page_view
    qtbot.keyClick(left, Qt.Key.Key_S, CTRL | SHIFT)               # View > Split Side by Side
    right = window.page_view                                        # the new view has the keyboard
    assert right is not left and right.hasFocus() and window.split_action.isChecked()
    qtbot.waitUntil(lambda: _names(window) == [RESOLUTION, RESOLUTION])   # two places in one document
    _open(window, qtbot, data_file(ARTICLE))                        # File > Open fills the right view
    assert _names(window) == [RESOLUTION, ARTICLE]
    assert window.tab_area.tab_bar_shown(0) and window.tab_area.tab_bar_shown(1)   # each view names its document
    assert left.isVisible() and right.isVisible() and left.mapTo(window, left.rect().topRight()).x() \
        <= right.mapTo(window, right.rect().topLeft()).x()          # next to each other
    qtbot.waitUntil(lambda: len(window.notes_panel.entries()) == 4, timeout=60000)   # the article's notes
    assert "asmejour" in window.windowTitle() or "78/5" not in window.windowTitle()

    qtbot.mouseClick(left.viewport(), Qt.MouseButton.LeftButton, pos=left.viewport().rect().bottomLeft() + QPoint(4, -4))
    assert left.hasFocus() and window.page_view is left
    qtbot.waitUntil(lambda: _note_texts(window) == resolution_notes)   # the panel follows the view clicked
    shown = window.notes_panel.shown()                                  # ... and the pages it shows
    assert shown and all(set(e.pages) & set(left.visible_pages()) for e in shown)
    qtbot.waitUntil(lambda: "78/5" in window.windowTitle())
    qtbot.keyClick(left, Qt.Key.Key_F6)                             # F6: the other view
    assert right.hasFocus()
    qtbot.waitUntil(lambda: len(window.notes_panel.entries()) == 4)

    qtbot.keyClick(right, Qt.Key.Key_S, CTRL | SHIFT)               # closing the split keeps the article in a tab
    assert window.tab_area.pane_count() == 1 and not window.split_action.isChecked()
    assert _names(window) == [RESOLUTION, ARTICLE] and window.tab_area.tab_bar_shown()
    assert _shown(window) == ARTICLE and window.page_view is right and right.hasFocus()


def test_middle_click_in_the_library_opens_a_new_tab(main_window, qtbot, tmp_path, data_file):
    window = main_window
    folder = tmp_path / "un"
    folder.mkdir()
    for name in (RESOLUTION, DRAFT):
        shutil.copy(data_file(name), folder / name)
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        window.library.add_folder(folder)
    assert done.args[0] == 0, done.args[1]
    _open(window, qtbot, folder / RESOLUTION)
    documents = window.document_list
    qtbot.waitUntil(lambda: len(documents.entries()) == 2, timeout=10000)
    window.library_dock.raise_()
    row = next(i for i, e in enumerate(documents.entries()) if e.symbol == "A/80/L.23")
    where = documents.list.visualItemRect(documents.list.item(row)).center()
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        qtbot.mouseClick(documents.list.viewport(), Qt.MouseButton.MiddleButton, pos=where)
    assert _names(window) == [RESOLUTION, DRAFT] and _shown(window) == DRAFT
    row = next(i for i, e in enumerate(documents.entries()) if e.symbol == "A/RES/78/5")
    where = documents.list.visualItemRect(documents.list.item(row)).center()
    qtbot.mouseClick(documents.list.viewport(), Qt.MouseButton.LeftButton, pos=where)   # open: already in a tab
    qtbot.mouseDClick(documents.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: _shown(window) == RESOLUTION)
    assert _names(window) == [RESOLUTION, DRAFT]


def test_the_split_comes_back_after_a_restart_with_the_focused_view_in_front(start_window, qtbot, tmp_path, data_file):
    paths = Paths.under(tmp_path / "ibid")
    first = start_window(paths)
    _open(first, qtbot, data_file(RESOLUTION))
    qtbot.keyClick(first.page_view, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: _names(first) == [RESOLUTION, RESOLUTION])
    _open(first, qtbot, data_file(DRAFT))
    _go_to_page(first, qtbot, 2)
    left = first.page_view.location()
    first.close()

    second = start_window(paths)
    assert second.restore_tabs()
    qtbot.waitUntil(lambda: _names(second) == [RESOLUTION, DRAFT], timeout=30000)
    assert second.tab_area.pane_count() == 2 and second.split_action.isChecked()
    assert _shown(second) == DRAFT and second.page_view.hasFocus()
    qtbot.waitUntil(lambda: second.page_view.location() == left)
    qtbot.waitUntil(lambda: len(second.notes_panel.entries()) == 19, timeout=60000)   # the draft's notes


def test_ctrl_w_in_either_view_of_the_split_leaves_the_other_one(main_window, qtbot, data_file):
    window = main_window
    _open(window, qtbot, data_file(RESOLUTION))
    qtbot.keyClick(window.page_view, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: _names(window) == [RESOLUTION, RESOLUTION])
    _open(window, qtbot, data_file(DRAFT))
    qtbot.keyClick(window.page_view, Qt.Key.Key_W, CTRL)                # the right view's draft
    assert window.tab_area.pane_count() == 1 and not window.split_action.isChecked()
    assert _names(window) == [RESOLUTION] and _shown(window) == RESOLUTION and window.page_view.hasFocus()

    qtbot.keyClick(window.page_view, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: _names(window) == [RESOLUTION, RESOLUTION])
    _open(window, qtbot, data_file(ARTICLE))
    left = window.tab_area.tabs()[0].view
    qtbot.mouseClick(left.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert _shown(window) == RESOLUTION
    qtbot.keyClick(window.page_view, Qt.Key.Key_W, CTRL)                # the left view's resolution
    assert window.tab_area.pane_count() == 1 and not window.split_action.isChecked()
    assert _names(window) == [ARTICLE] and _shown(window) == ARTICLE and window.page_view.hasFocus()


def test_a_tab_whose_file_no_longer_opens_is_said_and_left_out(start_window, qtbot, tmp_path, data_file, errors):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a PDF at all\n")
    paths = Paths.under(tmp_path / "ibid")
    first = start_window(paths)
    first.close()
    first.state.set_open_tabs([OpenTab(data_file(RESOLUTION), Location(1)), OpenTab(broken, Location(0))], 0)
    second = start_window(paths)
    assert second.restore_tabs()
    qtbot.waitUntil(lambda: errors != [], timeout=30000)
    assert "broken.pdf" in errors[0]                     # one sentence, as for any file that fails to open
    assert _names(second) == [RESOLUTION] and _shown(second) == RESOLUTION
