"""The outline (table of contents) of the open document, or the headings found from its layout.

A generated outline (``reader.core.outline``, kept in the prepared record) is shown only when
the document has none of its own, in italics under a "(from headings)" line, expanded.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from reader.core.document import OutlineEntry
from reader.core.navigation import Location
from reader.gui import theme

#: The line above a generated outline.
GENERATED_LABEL = "(from headings)"


class TocPanel(QTreeWidget):
    #: The user picked an outline entry (Location).
    location_requested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Outline")
        self.itemActivated.connect(self._on_activated)
        self.itemClicked.connect(self._on_activated)
        self._entries: list[tuple[OutlineEntry, QTreeWidgetItem]] = []
        self._own = False   # the document's own outline is shown (a generated one never replaces it)
        self._generated = False

    def is_generated(self) -> bool:
        """True when the entries shown were found from the layout, not the document's outline."""
        return self._generated

    def entry_items(self) -> list[QTreeWidgetItem]:
        """The items of the outline's entries, in document order (not the label lines)."""
        return [item for _entry, item in self._entries]

    @Slot(list)
    def set_generated(self, entries: list[OutlineEntry]) -> None:
        """Headings found from the layout: shown when the document has no outline of its own."""
        if self._own or not entries:
            return
        self.set_outline(entries)
        self._own, self._generated = False, True
        label = QTreeWidgetItem([GENERATED_LABEL])
        label.setFlags(Qt.ItemFlag.NoItemFlags)
        label.setToolTip(0, "This document has no outline; these headings were found from its layout.")
        label.setForeground(0, theme.mix(self.palette().text().color(), self.palette().base().color(), 0.35))
        self.insertTopLevelItem(0, label)
        for _entry, item in self._entries:
            font = item.font(0)
            font.setItalic(True)
            item.setFont(0, font)
        self.expandAll()

    def set_outline(self, entries: list[OutlineEntry]) -> None:
        self.clear()
        self._entries = []
        self._own, self._generated = bool(entries), False
        parents: list[QTreeWidgetItem] = []
        for entry in entries:
            level = max(1, min(entry.level, len(parents) + 1))
            del parents[level - 1:]
            item = QTreeWidgetItem([entry.title or f"Page {entry.page + 1}"])
            item.setData(0, Qt.ItemDataRole.UserRole, Location(entry.page, max(0.0, entry.y - 10)))
            item.setToolTip(0, f"{entry.title} (page {entry.page + 1})")
            (parents[-1].addChild(item) if parents else self.addTopLevelItem(item))
            parents.append(item)
            self._entries.append((entry, item))
        self.expandToDepth(0)
        if not entries:
            self.addTopLevelItem(QTreeWidgetItem(["This document has no outline."]))

    @Slot(int)
    def select_page(self, page: int) -> None:
        """Mark the last outline entry at or before *page*."""
        best = None
        for entry, item in self._entries:
            if entry.page <= page:
                best = item
        if best is not None and best is not self.currentItem():
            self.blockSignals(True)
            self.setCurrentItem(best)
            self.blockSignals(False)

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        where = item.data(0, Qt.ItemDataRole.UserRole)
        if where is not None:
            self.location_requested.emit(where)
