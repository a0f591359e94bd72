"""Ctrl+G goes to a page; Help > Keyboard Shortcuts lists every shortcut the window has."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence


def test_ctrl_g_types_a_page_number_and_back_returns(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.page_box.hasFocus)
    assert window.page_box.lineEdit().selectedText() == "1"     # typing replaces the number
    qtbot.keyClicks(window.page_box, "6")
    qtbot.keyClick(window.page_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.current_page() == 5)
    assert view.hasFocus()                        # the keys scroll the pages again
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.current_page() == 0)


def test_shortcut_sheet_lists_every_action_shortcut(main_window, qtbot):
    window = main_window
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible())
    table = window.shortcuts_dialog.table
    shown = {(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    assert ("Go to Page", "Ctrl+G") in shown
    assert ("Night Mode", "Ctrl+Shift+N") in shown
    assert ("Keyboard Shortcuts", "F1") in shown
    # Every shortcut of every action is on the sheet: a new action cannot be left out.
    keys_on_sheet = {k for _what, keys in shown for k in keys.split(", ")}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.NativeText)
            assert not text or text in keys_on_sheet, action.text()   # ("" = unbound on this platform)
    window.shortcuts_dialog.close()


def test_the_mouse_back_and_forward_buttons_go_back_and_forward(open_doc, qtbot, data_file):
    """Issue 19, defect 11: the README lists the mouse's side buttons; they did nothing."""
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.page_box.hasFocus)
    qtbot.keyClicks(window.page_box, "6")
    qtbot.keyClick(window.page_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.current_page() == 5)
    # Through the window, as the system delivers a real mouse's clicks to the widget under it.
    handle = window.windowHandle()
    at = view.viewport().mapTo(window, view.viewport().rect().center())
    qtbot.mouseClick(handle, Qt.MouseButton.BackButton, pos=at)
    qtbot.waitUntil(lambda: view.current_page() == 0)
    # Over another part of the window too (the notes list takes plain clicks for itself).
    notes = window.notes_panel
    qtbot.mouseClick(handle, Qt.MouseButton.ForwardButton, pos=notes.mapTo(window, notes.rect().center()))
    qtbot.waitUntil(lambda: view.current_page() == 5)
