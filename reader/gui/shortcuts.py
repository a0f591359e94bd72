"""Help > Keyboard Shortcuts: a sheet made from the window's own actions, so it cannot drift.

Each row is read from a QAction (its menu, its text, its shortcuts); only the keys the page
view handles itself (scrolling) are listed by hand, next to the code that handles them.
"""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QTableWidget, QTableWidgetItem, QVBoxLayout

from reader.gui.pageview import VIEW_KEYS


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, what, keys) for every action of *window* that has a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []
    seen: set[QAction] = set()

    def add(group: str, action: QAction) -> None:
        if action in seen or not keys_text(action):
            return
        seen.add(action)
        rows.append((group, _plain(action.text()), keys_text(action)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            add(_plain(menu.title()), action)
    for action in window.findChildren(QAction):   # shortcuts that live outside the menus
        add("Pages and notes", action)
    rows.extend(("Pages", what, keys) for what, keys in VIEW_KEYS)
    return rows


def keys_text(action: QAction) -> str:
    texts = (k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
    return ", ".join(t for t in texts if t)   # a standard key this platform leaves unbound is empty


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


class ShortcutsDialog(QDialog):
    """The sheet: one table, menu by menu."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.rows = shortcut_rows(window)
        self.table = QTableWidget(len(self.rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Menu", "What", "Keys"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Keyboard shortcuts")
        previous = ""
        for row, (menu, what, keys) in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(menu if menu != previous else ""))   # once per menu
            self.table.setItem(row, 1, QTableWidgetItem(what))
            self.table.setItem(row, 2, QTableWidgetItem(keys))
            previous = menu
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 620)
