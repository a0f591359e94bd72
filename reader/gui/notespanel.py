"""The "Notes" side panel: the footnotes of the visible pages (or of the whole document).

Each entry shows its label, its text with citations as links, and a small mark when the
note was inferred from the page layout (hover it for the detector's reason). The panel
only shows and reports; what a citation does is decided by the main window.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from reader.core.notes import NoteEntry, note_html, notes_for_pages

KEY_ROLE = Qt.ItemDataRole.UserRole
INFERRED_MARK = "◇"


class NotesPanel(QWidget):
    #: The user picked a note in the list (NoteEntry): show its marker.
    note_activated = Signal(object)
    #: The user asked to see where the note itself is printed (NoteEntry).
    note_place_requested = Signal(object)
    #: A citation link was clicked (NoteEntry, citation index).
    citation_activated = Signal(object, int)
    #: "All notes" was switched on or off (bool).
    show_all_changed = Signal(bool)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[NoteEntry] = []
        self._pages = range(0)
        self._shown: list[NoteEntry] = []
        self._extra: dict[int, str] = {}
        self.setAccessibleName("Notes")
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setObjectName("notes_header")
        self.all_box = QCheckBox("All notes", self)
        self.all_box.setToolTip("List every note of the document, not only those of the visible pages")
        self.all_box.toggled.connect(self._on_all_toggled)
        self.progress = QProgressBar(self, visible=False, textVisible=True)
        self.progress.setFormat("Finding notes… page %v of %m")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Notes list")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.list.itemDoubleClicked.connect(self._on_item_double_clicked)
        self.list.installEventFilter(self)
        self.empty = QLabel(self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("notes_empty")
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.all_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.set_state("idle")

    # -- data ------------------------------------------------------------------------
    def set_state(self, state: str, message: str = "") -> None:
        """"idle" (no document), "busy" (analysis running), "ready" or "failed"."""
        self.progress.setVisible(state == "busy")
        if state == "busy":
            self.progress.setRange(0, 0)
        if state == "idle":
            self.set_notes([])
            self._show_empty("Open a document to see its notes.")
        elif state == "failed":
            self._show_empty(message or "The notes of this document could not be read.")
        elif state == "busy" and not self._entries:
            self._show_empty("Finding the notes of this document…")

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def set_notes(self, entries: list[NoteEntry]) -> None:
        self._entries = list(entries)
        self._extra.clear()
        self._refresh()

    def entries(self) -> list[NoteEntry]:
        return self._entries

    def shown(self) -> list[NoteEntry]:
        return self._shown

    @Slot(object)
    def set_visible_pages(self, pages: range) -> None:
        if pages != self._pages:
            self._pages = pages
            if not self.all_box.isChecked():
                self._refresh()

    def show_inline(self, entry: NoteEntry, text: str) -> None:
        """Show *text* (e.g. the note an "Ibid." leans on) under *entry*'s own text."""
        self._extra[entry.key] = text
        self._refresh()

    # -- selection ---------------------------------------------------------------------
    def select(self, entry: NoteEntry) -> None:
        if entry not in self._shown:
            self.all_box.setChecked(True)
        row = self._shown.index(entry) if entry in self._shown else -1
        if row >= 0:
            self.list.setCurrentRow(row)
            self.list.scrollToItem(self.list.item(row))

    def current(self) -> NoteEntry | None:
        row = self.list.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def step(self, delta: int) -> NoteEntry | None:
        """Select the next (+1) or previous (-1) note of the list and return it."""
        if not self._shown:
            return None
        row = self.list.currentRow()
        row = 0 if row < 0 else max(0, min(len(self._shown) - 1, row + delta))
        self.list.setCurrentRow(row)
        return self._shown[row]

    # -- drawing -------------------------------------------------------------------------
    def _refresh(self) -> None:
        keep = self.current()
        self._shown = self._entries if self.all_box.isChecked() else notes_for_pages(self._entries, self._pages)
        self.list.clear()
        for entry in self._shown:
            self._add_item(entry)
        if keep in self._shown:
            self.list.setCurrentRow(self._shown.index(keep))
        self._update_header()

    def _add_item(self, entry: NoteEntry) -> None:
        item = QListWidgetItem(self.list)
        item.setData(KEY_ROLE, entry.key)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{entry.title}: {entry.text}")
        label = QLabel(self._entry_html(entry), self.list)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        label.setContentsMargins(6, 5, 6, 5)
        label.linkActivated.connect(lambda href, e=entry: self._on_link(e, href))
        if entry.inferred:
            label.setToolTip(f"Found from the page layout: {entry.reason}")
        else:
            label.setToolTip(f"Found from the document's {'links' if entry.source == 'link' else 'markup'}: {entry.reason}")
        width = max(120, self.list.viewport().width() - 4)
        item.setSizeHint(QSize(width, label.heightForWidth(width) + 2))
        self.list.setItemWidget(item, label)

    def _entry_html(self, entry: NoteEntry) -> str:
        mark = (f' <span style="color:#8a6d00" title="inferred from layout">{INFERRED_MARK}</span>'
                if entry.inferred else "")
        pages = ", ".join(str(p + 1) for p in entry.pages)
        head = (f'<b style="color:#1f4e96">{entry.label}</b>{mark}'
                f'<span style="color:#777; font-size:small">&nbsp;&nbsp;p. {pages}</span>')
        extra = self._extra.get(entry.key)
        more = (f'<div style="margin-top:4px; padding-left:8px; color:#444; border-left:2px solid #ccc">'
                f'{extra}</div>') if extra else ""
        return f"<div>{head}<br/>{note_html(entry)}{more}</div>"

    def _update_header(self) -> None:
        total = len(self._entries)
        if self.all_box.isChecked():
            self.header.setText(f"{total} notes in this document")
        elif self._pages:
            first, last = self._pages.start + 1, self._pages.stop
            where = f"page {first}" if first == last else f"pages {first}–{last}"
            self.header.setText(f"{len(self._shown)} of {total} notes · {where}")
        if not self.progress.isVisible() and total == 0 and self._pages:
            self._show_empty("This document has no footnotes that Ibid could find.")
        elif self._shown or total:
            self.empty.setVisible(not self._shown)
            self.empty.setText("No notes on the visible pages.")
            self.list.setVisible(bool(self._shown))

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(True)
        self.list.setVisible(False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._shown:
            self._refresh()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            entry = self.current()
            if entry is not None and entry.citations:
                self.citation_activated.emit(entry, 0)
            return True
        return super().eventFilter(watched, event)

    # -- reactions ---------------------------------------------------------------------------
    @Slot(QListWidgetItem)
    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        entry = self._entry_of(item)
        if entry is not None:
            self.note_activated.emit(entry)

    @Slot(QListWidgetItem)
    def _on_item_double_clicked(self, item: QListWidgetItem) -> None:
        entry = self._entry_of(item)
        if entry is not None:
            self.note_place_requested.emit(entry)

    def _entry_of(self, item: QListWidgetItem) -> NoteEntry | None:
        key = item.data(KEY_ROLE)
        return next((e for e in self._shown if e.key == key), None)

    def _on_link(self, entry: NoteEntry, href: str) -> None:
        url = QUrl(href)
        if url.scheme() == "ibid-cite":
            try:
                index = int(url.path())
            except ValueError:
                return
            self.list.setCurrentRow(self._shown.index(entry) if entry in self._shown else -1)
            self.citation_activated.emit(entry, index)

    @Slot(bool)
    def _on_all_toggled(self, on: bool) -> None:
        self._refresh()
        self.show_all_changed.emit(on)
