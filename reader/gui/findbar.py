"""Find in the open document: Ctrl+F, F3 / Shift+F3, every hit highlighted.

Pages are searched a few at a time between events (PyMuPDF stays on the GUI thread and
the window never freezes on a 1,000-page file); hits appear as they are found.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

PAGES_PER_TURN = 8


class FindBar(QWidget):
    #: Hits changed: ({page: [rects]}, current (page, rect) or None).
    hits_changed = Signal(object, object)
    #: The current hit moved; the view should show it (page, rect).
    hit_requested = Signal(int, object)
    #: The bar was closed.
    closed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._doc = None   # the core Document searched, page by page
        self._needle = ""
        self._next_page = 0
        self._hits: dict[int, list[tuple]] = {}
        self._order: list[tuple[int, tuple]] = []
        self._current = -1
        self._start_page = 0
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._search_some)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self._restart)
        self.edit = QLineEdit(self, placeholderText="Find in document")
        self.edit.setAccessibleName("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._debounce.start)
        self.edit.returnPressed.connect(self.find_next)
        self.status = QLabel(self)
        prev_btn = QToolButton(self, text="▲", toolTip="Previous (Shift+F3)", autoRaise=True)
        next_btn = QToolButton(self, text="▼", toolTip="Next (F3)", autoRaise=True)
        close_btn = QToolButton(self, text="✕", toolTip="Close (Esc)", autoRaise=True)
        prev_btn.clicked.connect(self.find_previous)
        next_btn.clicked.connect(self.find_next)
        close_btn.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Esc"), self.edit, self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.edit, prev_btn, next_btn, self.status, close_btn):
            layout.addWidget(widget)
        layout.setStretch(0, 1)

    def set_document(self, doc) -> None:
        self._doc = doc
        self._restart()

    def open_bar(self, start_page: int = 0) -> None:
        self._start_page = start_page
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    @Slot()
    def close_bar(self) -> None:
        self.hide()
        self._timer.stop()
        self._hits, self._order, self._current = {}, [], -1
        self.hits_changed.emit({}, None)
        self.closed.emit()

    def hit_count(self) -> int:
        return len(self._order)

    def searching(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _restart(self) -> None:
        self._needle = self.edit.text().strip()
        self._hits, self._order, self._current = {}, [], -1
        self._next_page = 0
        self.hits_changed.emit({}, None)
        if self._doc is not None and self._needle:
            self.status.setText("Searching…")
            self._timer.start()
        else:
            self.status.setText("")

    @Slot()
    def _search_some(self) -> None:
        if self._doc is None:
            return
        end = min(self._doc.page_count, self._next_page + PAGES_PER_TURN)
        for index in range(self._next_page, end):
            rects = self._doc.page(index).search(self._needle)
            if rects:
                self._hits[index] = rects
                self._order.extend((index, r) for r in rects)
        self._next_page = end
        if self._current < 0 and self._order:
            after = [i for i, (p, _r) in enumerate(self._order) if p >= self._start_page]
            if after or end >= self._doc.page_count:
                self._select(after[0] if after else 0)
        self.hits_changed.emit(self._hits, self._current_hit())
        if end < self._doc.page_count:
            self._timer.start()
        self._show_status(done=end >= self._doc.page_count)

    def _show_status(self, done: bool) -> None:
        if not self._order:
            self.status.setText("No matches" if done else "Searching…")
        else:
            more = "" if done else "+"
            self.status.setText(f"{self._current + 1} of {len(self._order)}{more}")

    def _current_hit(self):
        return self._order[self._current] if 0 <= self._current < len(self._order) else None

    def _select(self, i: int) -> None:
        self._current = i
        page, rect = self._order[i]
        self.hits_changed.emit(self._hits, (page, rect))
        self.hit_requested.emit(page, rect)
        self._show_status(done=not self._timer.isActive())

    @Slot()
    def find_next(self) -> None:
        if self._order:
            self._select((self._current + 1) % len(self._order))

    @Slot()
    def find_previous(self) -> None:
        if self._order:
            self._select((self._current - 1) % len(self._order))
