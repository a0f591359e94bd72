"""The popup that shows a note while the mouse rests on its marker.

Rich text with clickable citations, scrollable when long; it stays open while the mouse is
inside it and closes a moment after the mouse leaves both marker and popup, or on Esc.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QTextBrowser, QVBoxLayout

if TYPE_CHECKING:   # reader.core.notes loads the footnote engine: not before page 1
    from reader.core.notes import NoteEntry


WIDTH = 420
MAX_HEIGHT = 280        # the note's body; a longer note scrolls
MIN_BODY_HEIGHT = 24    # one line
CLOSE_DELAY_MS = 400
# Colours from the palette in effect, so a dark desktop theme gives a dark popup.
STYLE = ("#footnote_popup { background: palette(base); border: 1px solid palette(mid); }"
         "QTextBrowser { background: transparent; border: none; color: palette(text); }")


class FootnotePopup(QFrame):
    #: A citation link in the popup was clicked (NoteEntry, citation index).
    citation_activated = Signal(object, int)
    #: "Go to note" was pressed (NoteEntry).
    jump_requested = Signal(object)
    #: "Copy as Citation" was chosen in the popup's menu (NoteEntry).
    citation_copy_requested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("footnote_popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Footnote")
        self._restyling = True
        self.setStyleSheet(STYLE)
        self._restyling = False
        self.entry: NoteEntry | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: 600; color: palette(link);")
        self.jump_button = QPushButton("Go to note", self, flat=True)
        self.jump_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.jump_button.clicked.connect(self._on_jump)
        self.body = QTextBrowser(self)
        self.body.setOpenLinks(False)
        self.body.setOpenExternalLinks(False)
        self.body.anchorClicked.connect(self._on_anchor)
        self.body.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.body.customContextMenuRequested.connect(self._on_menu)
        self.menu: QMenu | None = None
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.jump_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.body)
        self._close_timer = QTimer(self, singleShot=True, interval=CLOSE_DELAY_MS)
        self._close_timer.timeout.connect(self._close_unless_hovered)

    def show_note(self, entry: NoteEntry, at: QPoint) -> None:
        self.entry = entry
        self._close_timer.stop()
        self.title.setText(entry.title + (" ◇" if entry.inferred else ""))
        self.title.setToolTip(entry.reason)
        from reader.core.notes import note_html  # (loads the footnote engine: not before page 1)
        self.body.setHtml(f"<div style='font-size:10.5pt'>{note_html(entry)}</div>")
        self.setFixedWidth(WIDTH)
        self.layout().activate()   # the body's width as it will be shown
        self.body.setFixedHeight(self._body_height())
        self.setFixedHeight(self.sizeHint().height())   # (adjustSize: a window is 100 px at least)
        self.move(self._place(at))
        self.show()
        self.raise_()

    def _body_height(self) -> int:
        """The note's height laid out at the body's width (at most MAX_HEIGHT: it scrolls).

        Measured on a copy: the body's own document is laid out lazily, at the width of a
        widget not yet shown, which left the popup up to half empty."""
        frame = 2 * self.body.frameWidth()
        text = self.body.document().clone(self.body)
        text.setTextWidth(self.body.width() - frame)
        height = text.size().height() + frame
        if height > MAX_HEIGHT:   # a scroll bar takes some width: a line or two more
            text.setTextWidth(self.body.width() - frame - self.body.verticalScrollBar().sizeHint().width())
            height = text.size().height() + frame
        text.deleteLater()
        return max(MIN_BODY_HEIGHT, min(MAX_HEIGHT, math.ceil(height)))

    def _place(self, at: QPoint) -> QPoint:
        screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else QRect(0, 0, 4000, 4000)
        x = min(max(area.left(), at.x() - 20), area.right() - self.width())
        y = at.y() + 16
        if y + self.height() > area.bottom():
            y = at.y() - self.height() - 12
        return QPoint(x, max(area.top(), y))

    @Slot()
    def close_soon(self) -> None:
        """The mouse left the marker: close unless it moves into the popup."""
        if self.isVisible():
            self._close_timer.start()

    @Slot()
    def _close_unless_hovered(self) -> None:
        if not self.underMouse():
            self.hide()

    def enterEvent(self, event) -> None:
        self._close_timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self._close_timer.start()
        super().leaveEvent(event)

    def changeEvent(self, event) -> None:
        """The desktop switched between light and dark: take its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._restyling:
            self._restyling = True     # palette(...) in a stylesheet is read when it is set
            self.setStyleSheet("")
            self.setStyleSheet(STYLE)
            self._restyling = False

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)

    def note_text(self) -> str:
        return self.body.toPlainText()

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "ibid-cite" and self.entry is not None:
            try:
                self.citation_activated.emit(self.entry, int(url.path()))
            except ValueError:
                pass

    @Slot(QPoint)
    def _on_menu(self, pos: QPoint) -> None:
        """Right-click in the note: copy it as a citation, or copy the selected words."""
        if self.entry is None:
            return
        self._close_timer.stop()
        entry = self.entry
        menu = self.body.createStandardContextMenu(pos)
        first = menu.actions()[0] if menu.actions() else None
        copy = QAction("Copy as Citation", menu)
        copy.triggered.connect(lambda: self.citation_copy_requested.emit(entry))
        menu.insertAction(first, copy)
        if first is not None:
            menu.insertSeparator(first)
        self.menu = menu
        menu.popup(self.body.mapToGlobal(pos))

    @Slot()
    def _on_jump(self) -> None:
        if self.entry is not None:
            self.hide()
            self.jump_requested.emit(self.entry)
