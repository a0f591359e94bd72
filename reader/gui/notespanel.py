"""The "Notes" side panel: the footnotes of the visible pages (or of the whole document).

Each entry shows its label, its text with citations as links, and a small mark when the
note was inferred from the page layout (hover it for the detector's reason). The panel
only shows and reports; what a citation does is decided by the main window.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reader.gui import theme

if TYPE_CHECKING:   # reader.core.notes loads the footnote engine: not before page 1
    from reader.core.notes import NoteEntry

INFERRED_MARK = "◇"
#: Shown beside a note the reader corrected (reader.core.layer).
CORRECTED_MARK = "✎"
#: The corrections the menu of a note offers: (menu text, correction action).
CORRECTIONS = (("Not a Note", "not-a-note"), ("Join with Next Note", "join-next"), ("Unlink Markers", "unlink"))
# Colours come from the palette in effect (a dark desktop theme included), never fixed.
CARD_STYLE = "NoteCard { border: none; border-bottom: 1px solid palette(mid); background: %s; }"
LIST_STYLE = "QScrollArea, #notes_cards { background: palette(base); }"
#: The list follows the visible pages once they have stayed put this long (ms): reading page
#: by page updates it at every page, scrolling through 100 pages updates it once, not 100
#: times (a card's rich text takes 1-3 ms to lay out; scrolling 1,000 pages with the panel
#: filled cost 36 s of CPU, mostly here).
FOLLOW_PAGES_MS = 100
#: ...but while the pages keep moving (a slow continuous scroll), it follows them at least
#: this often (ms), so the list is never far behind what is read.
FOLLOW_AT_LEAST_MS = 500
#: Cards kept for notes scrolled out of view, so that scrolling back shows them without
#: laying their text out again (a few pages' worth; the oldest go first).
KEEP_CARDS = 60


class _NoteText(QLabel):
    """The note's text: tells its card about the clicks that land on it. (Overriding the
    mouse events rather than filtering the label's events: a filter ran Python for every
    event of every label, 720,000 calls while scrolling 1,000 pages.)"""

    def __init__(self, html: str, card: NoteCard) -> None:
        super().__init__(html, card)
        self._card = card

    def mousePressEvent(self, event) -> None:
        self._card.text_pressed(event)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._card.text_released(event)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        self._card.double_clicked.emit(self._card.entry)
        super().mouseDoubleClickEvent(event)


class NoteCard(QFrame):
    """One note in the panel: a rich-text label that reports clicks and links."""

    clicked = Signal(object)
    double_clicked = Signal(object)
    link_activated = Signal(object, str)
    #: Right-click on a link (entry, href, global position).
    link_menu_requested = Signal(object, str, QPoint)
    #: Right-click on the note anywhere else (entry, global position).
    menu_requested = Signal(object, QPoint)

    def __init__(self, entry: NoteEntry, html: str, parent=None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setAccessibleName(f"{entry.title}: {entry.text[:200]}")
        self.label = _NoteText(html, self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.linkActivated.connect(self._on_label_link)
        self.label.linkHovered.connect(self._on_link_hovered)
        # The label would show its own Copy / Select All menu; ours has the citation too.
        self.label.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.label.customContextMenuRequested.connect(self._on_label_menu)
        self._hovered_link = ""
        self._press: QPoint | None = None
        self._link_fired = False
        self.label.setToolTip(_found_by(entry) + entry.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        self.set_selected(False)

    def set_selected(self, on: bool, background: str = "") -> None:
        """Mark the card selected, on *background* (the panel mixes it from its own palette:
        the card's palette is not the desktop's once the card is styled, its Base transparent)."""
        self.selected = on
        self.setStyleSheet(CARD_STYLE % (background if on and background else "transparent"))

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.entry)
        super().mousePressEvent(event)

    # A plain click on the note's text picks the note, a double click shows where it is
    # printed (_NoteText); a click on a citation, or a drag that selects words, stays the label's.
    def text_pressed(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()

    def text_released(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            moved = (event.position().toPoint() - self._press).manhattanLength()
            self._press = None
            if moved < 4:   # decided once the label has handled the release (a link fires there)
                self._link_fired = False
                QTimer.singleShot(0, self._on_text_clicked)

    @Slot()
    def _on_text_clicked(self) -> None:
        if not self._link_fired and not self.label.hasSelectedText():
            self.clicked.emit(self.entry)

    @Slot(str)
    def _on_label_link(self, href: str) -> None:
        self._link_fired = True
        self.link_activated.emit(self.entry, href)

    @Slot(str)
    def _on_link_hovered(self, href: str) -> None:
        self._hovered_link = href

    def contextMenuEvent(self, event) -> None:
        self._menu_at(event.globalPos())

    @Slot(QPoint)
    def _on_label_menu(self, pos: QPoint) -> None:
        self._menu_at(self.label.mapToGlobal(pos))

    def _menu_at(self, at: QPoint) -> None:
        if self._hovered_link:
            self.link_menu_requested.emit(self.entry, self._hovered_link, at)
        else:
            self.menu_requested.emit(self.entry, at)

    def mouseDoubleClickEvent(self, event) -> None:
        self.double_clicked.emit(self.entry)
        super().mouseDoubleClickEvent(event)


class NotesPanel(QWidget):
    #: The user picked a note in the list (NoteEntry): show its marker.
    note_activated = Signal(object)
    #: The user asked to see where the note itself is printed (NoteEntry).
    note_place_requested = Signal(object)
    #: A citation link was clicked (NoteEntry, citation index).
    citation_activated = Signal(object, int)
    #: "All notes" was switched on or off (bool).
    show_all_changed = Signal(bool)
    #: Right-click on a citation (NoteEntry, citation index, global position).
    citation_menu_requested = Signal(object, int, QPoint)
    #: The user asked to stop finding the notes.
    cancel_requested = Signal()
    #: "Copy as Citation" was chosen for a note (NoteEntry).
    citation_copy_requested = Signal(object)
    #: A correction was chosen for a note (NoteEntry, action: "not-a-note", "join-next", "unlink").
    correction_requested = Signal(object, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._restyling = True           # no restyling before the widgets exist
        self._entries: list[NoteEntry] = []
        self._pages = range(0)
        self._shown: list[NoteEntry] = []
        self._extra: dict[int, str] = {}
        self._kept: OrderedDict[int, NoteCard] = OrderedDict()   # cards by note key, see KEEP_CARDS
        self._replace = False     # cards were forgotten: place the list's cards again
        self._follow = QTimer(self, singleShot=True, interval=FOLLOW_PAGES_MS)
        self._follow.timeout.connect(self._refresh)
        self._behind_since = 0.0   # (time.monotonic) when the list first fell behind the pages
        self.setAccessibleName("Notes")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setObjectName("notes_header")
        self.all_box = QCheckBox("All notes", self)
        self.all_box.setToolTip("List every note of the document, not only those of the visible pages")
        self.all_box.toggled.connect(self._on_all_toggled)
        self.progress = QProgressBar(self, visible=False, textVisible=True)
        self.progress.setFormat("Finding notes… page %v of %m")
        self.cancel_button = QPushButton("Stop", self, visible=False)
        self.cancel_button.setToolTip("Stop finding the notes of this document")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cards_widget = QWidget(self)
        self.cards = QVBoxLayout(self.cards_widget)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(0)
        self.cards.addStretch(1)
        self.list = QScrollArea(self)
        self.list.setWidgetResizable(True)
        self.list.setWidget(self.cards_widget)
        self.list.setAccessibleName("Notes list")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards_widget.setObjectName("notes_cards")
        self.list.setStyleSheet(LIST_STYLE)
        self._current = -1
        self.menu: QMenu | None = None   # the last note menu (kept alive while it shows)
        self.empty = QLabel(self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("notes_empty")
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.all_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(top)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.progress, 1)
        busy_row.addWidget(self.cancel_button)
        layout.addLayout(busy_row)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.set_state("idle")
        self._restyling = False

    # -- data ------------------------------------------------------------------------
    def set_state(self, state: str, message: str = "") -> None:
        """"idle" (no document), "busy" (analysis running), "ready" or "failed"."""
        self.progress.setVisible(state == "busy")
        self.cancel_button.setVisible(state == "busy")
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
        self._forget_cards()
        self._refresh()

    def entries(self) -> list[NoteEntry]:
        return self._entries

    def shown(self) -> list[NoteEntry]:
        self._catch_up()
        return self._shown

    @Slot(object)
    def set_visible_pages(self, pages: range) -> None:
        """Follow the visible *pages* once they stay put (FOLLOW_PAGES_MS)."""
        if pages != self._pages:
            self._pages = pages
            if self.all_box.isChecked():
                return
            now = time.monotonic()
            if not self._follow.isActive():
                self._behind_since = now
                self._follow.start()
            elif (now - self._behind_since) * 1000 < FOLLOW_AT_LEAST_MS - FOLLOW_PAGES_MS:
                self._follow.start()    # wait again for the pages to stay put

    def _catch_up(self) -> None:
        """Follow the visible pages now if the list is behind them (before it is read or used)."""
        if self._follow.isActive():
            self._follow.stop()
            self._refresh()

    def show_inline(self, entry: NoteEntry, text: str) -> None:
        """Show *text* (e.g. the note an "Ibid." leans on) under *entry*'s own text."""
        self._extra[entry.key] = text
        self._forget_cards([entry.key])
        self._refresh()

    # -- selection ---------------------------------------------------------------------
    def select(self, entry: NoteEntry) -> None:
        """Select *entry* (switching to all notes when it is not among the visible ones)."""
        self._catch_up()
        if entry not in self._shown:
            self.all_box.setChecked(True)
        if entry in self._shown:
            self._set_current(self._shown.index(entry))

    def current(self) -> NoteEntry | None:
        self._catch_up()
        return self._shown[self._current] if 0 <= self._current < len(self._shown) else None

    def step(self, delta: int) -> NoteEntry | None:
        """Select the next (+1) or previous (-1) note of the list and return it."""
        self._catch_up()
        if not self._shown:
            return None
        row = 0 if self._current < 0 else max(0, min(len(self._shown) - 1, self._current + delta))
        self._set_current(row)
        return self._shown[row]

    def _set_current(self, row: int) -> None:
        background = theme.selected_background(self)
        for i, card in enumerate(self._cards()):
            card.set_selected(i == row, background)
        self._current = row
        if 0 <= row < len(self._cards()):
            self.list.ensureWidgetVisible(self._cards()[row], 0, 20)

    def _cards(self) -> list[NoteCard]:
        return [self.cards.itemAt(i).widget() for i in range(self.cards.count() - 1)]

    # -- drawing -------------------------------------------------------------------------
    @Slot()
    def _refresh(self) -> None:
        self._follow.stop()
        keep = self._shown[self._current] if 0 <= self._current < len(self._shown) else None
        shown = self._entries if self.all_box.isChecked() or not self._entries else _on_pages(self._entries, self._pages)
        if shown != self._shown or self._replace:
            self._shown, self._replace = shown, False
            self._place_cards()
            self._current = -1
            if keep in self._shown:
                self._set_current(self._shown.index(keep))
        self._update_header()

    def _place_cards(self) -> None:
        """The list holds the cards of ``_shown``, in order: kept ones reused, others made."""
        for card in self._cards():
            self.cards.removeWidget(card)
            card.hide()
        for i, entry in enumerate(self._shown):
            card = self._kept.pop(entry.key, None) or self._make_card(entry)
            self._kept[entry.key] = card     # (the most recently shown last)
            if card.selected:
                card.set_selected(False)
            self.cards.insertWidget(i, card)
            card.show()
        showing = {entry.key for entry in self._shown}
        for key in [k for k in self._kept if k not in showing][:max(0, len(self._kept) - max(KEEP_CARDS, len(showing)))]:
            self._kept.pop(key).deleteLater()

    def _make_card(self, entry: NoteEntry) -> NoteCard:
        card = NoteCard(entry, self._entry_html(entry), self.cards_widget)
        card.clicked.connect(self._on_card_clicked)
        card.double_clicked.connect(self.note_place_requested)
        card.link_activated.connect(self._on_link)
        card.link_menu_requested.connect(self._on_link_menu)
        card.menu_requested.connect(self._on_note_menu)
        return card

    def _forget_cards(self, keys=None) -> None:
        """Drop the kept cards of *keys* (all when None): their text or colours changed."""
        for key in list(self._kept) if keys is None else keys:
            card = self._kept.pop(key, None)
            if card is not None:
                self.cards.removeWidget(card)
                card.deleteLater()
        self._replace = True

    def _entry_html(self, entry: NoteEntry) -> str:
        muted, label = theme.muted(self), theme.link(self)
        sign = INFERRED_MARK if entry.inferred else CORRECTED_MARK if entry.source == "corrected" else ""
        mark = f' <span style="color:{muted}">{sign}</span>' if sign else ""
        pages = ", ".join(str(p + 1) for p in entry.pages)
        head = (f'<b style="color:{label}">{entry.label}</b>{mark}'
                f'<span style="color:{muted}">&nbsp;&nbsp;p.&nbsp;{pages}</span>')
        extra = self._extra.get(entry.key)
        more = (f'<p style="margin-top:4px"><i>→</i> {extra}</p>') if extra else ""
        from reader.core.notes import note_html
        return f"{head}<br/>{note_html(entry)}{more}"

    def _update_header(self) -> None:
        total = len(self._entries)
        if self.all_box.isChecked():
            self.header.setText(f"{total} notes in this document")
        elif self._pages:
            first, last = self._pages.start + 1, self._pages.stop
            where = f"page {first}" if first == last else f"pages {first}–{last}"
            self.header.setText(f"{len(self._shown)} of {total} notes · {where}")
        if self.progress.isVisible() and total == 0:
            return
        if total == 0:
            self._show_empty("This document has no footnotes that Ibid could find.")
        else:
            self.empty.setText("No notes on the visible pages.")
            self.empty.setVisible(not self._shown)
            self.list.setVisible(bool(self._shown))

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(True)
        self.list.setVisible(False)

    def changeEvent(self, event) -> None:
        """The desktop switched between light and dark: redraw the notes in its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._restyling:
            self._restyling = True     # palette(...) in a stylesheet is read when it is set
            self.list.setStyleSheet("")
            self.list.setStyleSheet(LIST_STYLE)
            self._forget_cards()
            self._refresh()
            self._restyling = False

    def open_current(self) -> None:
        """Enter: follow the selected note's first citation; a note citing nothing is shown
        where it is printed."""
        entry = self.current()
        if entry is None:
            return
        if entry.citations:
            self.citation_activated.emit(entry, 0)
        else:
            self.note_place_requested.emit(entry)

    # -- reactions ---------------------------------------------------------------------------
    @Slot(object)
    def _on_card_clicked(self, entry: NoteEntry) -> None:
        self._set_current(self._shown.index(entry))
        self.setFocus()
        self.note_activated.emit(entry)

    @Slot(object, str)
    def _on_link(self, entry: NoteEntry, href: str) -> None:
        url = QUrl(href)
        if url.scheme() != "ibid-cite":
            return
        try:
            index = int(url.path())
        except ValueError:
            return
        if entry in self._shown:
            self._set_current(self._shown.index(entry))
        self.citation_activated.emit(entry, index)

    @Slot(object, str, QPoint)
    def _on_link_menu(self, entry: NoteEntry, href: str, at: QPoint) -> None:
        url = QUrl(href)
        if url.scheme() == "ibid-cite" and url.path().isdigit():
            self.citation_menu_requested.emit(entry, int(url.path()), at)

    @Slot(object, QPoint)
    def _on_note_menu(self, entry: NoteEntry, at: QPoint) -> None:
        """Right-click on a note: copy it as a citation, or its text alone."""
        menu = QMenu(self)
        menu.addAction("Copy as Citation", lambda: self.citation_copy_requested.emit(entry))
        menu.addAction("Copy Note Text", lambda: QGuiApplication.clipboard().setText(entry.text))
        menu.addSeparator()
        for text, action in CORRECTIONS:
            if action != "unlink" or entry.refs:
                menu.addAction(text, lambda a=action: self.correction_requested.emit(entry, a))
        self.menu = menu
        menu.popup(at)

    @Slot(bool)
    def _on_all_toggled(self, on: bool) -> None:
        self._refresh()
        self.show_all_changed.emit(on)


def _found_by(entry: NoteEntry) -> str:
    if entry.source == "corrected":
        return "Your correction: "
    if entry.inferred:
        return "Found from the page layout: "
    return f"Found from the document's {'links' if entry.source == 'link' else 'markup'}: "


def _on_pages(entries: list[NoteEntry], pages) -> list[NoteEntry]:
    from reader.core.notes import notes_for_pages  # (loads the footnote engine: not before page 1)
    return notes_for_pages(entries, pages)
