"""The reader's layer in the window: the Annotations panel and highlights from a selection.

:class:`AnnotationsPanel` lists the layer's items and the file's own PDF annotations by
page (:func:`reader.core.layer.export.rows`); clicking one asks to show its place.
:class:`AnnotationController` keeps the open document's :class:`~reader.core.layer.LayerStore`,
turns the page view's selection into highlights, deletes (with undo) and shows the
highlights on the pages. The store is read again on every change, so what another window
wrote shows up too.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.paths import Paths
from reader.gui import dialogs
from reader.gui.pageview import PageView

logger = logging.getLogger(__name__)

#: Files up to this size are hashed here to find their layer (about 0.1 s at 64 MiB); a
#: bigger one has no layer in the window (``ibid annotations`` still reads it).
HASH_HERE_BYTES = 64 << 20
#: Characters of an item's text shown in the panel.
SHOWN_CHARS = 120
_ROW = Qt.ItemDataRole.UserRole
#: The colours offered for highlights, by name (Zotero's, which readers know); the first is
#: the core's ``layer.DEFAULT_COLOUR`` (not imported here: the core's layer loads the
#: citation finder, which waits until page 1 is drawn).
HIGHLIGHT_COLOURS = {"Yellow": "#ffd400", "Green": "#5fb236", "Blue": "#2ea8e5", "Red": "#ff6666", "Purple": "#a28ae5"}
#: Side of the colour square beside a highlight in the panel (pixels).
SWATCH_PIXELS = 12


class AnnotationsPanel(QWidget):
    """The list of the document's annotations, by page."""

    #: The user clicked an annotation: show its place (0-based page, rect in points or None).
    place_requested = Signal(int, object)
    #: The user asked to delete one of the layer's items (its id).
    delete_requested = Signal(str)
    #: The user asked to comment on an annotation (the layer item's id or "", 0-based page).
    comment_requested = Signal(str, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.colour_box = QComboBox(self)
        self.colour_box.setAccessibleName("Show the annotations of one colour")
        self.colour_box.currentIndexChanged.connect(self._show_rows)
        self._rows: list[dict] = []
        self.list = QListWidget(self)
        self.list.setAccessibleName("Annotations")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemActivated.connect(self._on_clicked)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_button.clicked.connect(self._on_delete)
        self.comment_button = QPushButton("Comment…", self)
        self.comment_button.clicked.connect(self._on_comment)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.comment_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.colour_box)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def set_rows(self, rows: list[dict]) -> None:
        """Show *rows* (``reader.core.layer.export.rows``); the colour chosen stays chosen."""
        self._rows = rows
        chosen = self.colour_box.currentData()
        colours = list(dict.fromkeys(r["colour"] for r in rows if r["colour"]))
        self.colour_box.blockSignals(True)
        self.colour_box.clear()
        self.colour_box.addItem("All colours", "")
        for colour in colours:
            self.colour_box.addItem(_swatch(colour), _colour_name(colour), colour)
        self.colour_box.setCurrentIndex(max(0, self.colour_box.findData(chosen)) if chosen else 0)
        self.colour_box.blockSignals(False)
        self._show_rows()

    @Slot()
    def _show_rows(self) -> None:
        colour = self.colour_box.currentData()
        rows = [r for r in self._rows if not colour or r["colour"] == colour]
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(_row_text(row), self.list)
            item.setData(_ROW, row)
            if row["colour"]:
                item.setIcon(_swatch(row["colour"]))
            item.setToolTip(row["comment"] or row["text"])
        self.delete_button.setEnabled(bool(rows))

    def rows(self) -> list[dict]:
        return [self.list.item(i).data(_ROW) for i in range(self.list.count())]

    @Slot(QListWidgetItem)
    def _on_clicked(self, item: QListWidgetItem) -> None:
        row = item.data(_ROW)
        rects = row.get("item", {}).get("rects") or [row.get("rect")]
        self.place_requested.emit(row["page"] - 1, tuple(rects[0]) if rects[0] else None)

    @Slot()
    def _on_comment(self) -> None:
        """Comment on the chosen highlight, or on its page when it is not one of the layer's."""
        item = self.list.currentItem()
        row = item.data(_ROW) if item is not None else None
        if row is not None:
            on = row["id"] if row["origin"] == "layer" and row["kind"] in ("highlight", "underline") else ""
            self.comment_requested.emit(on, row["page"] - 1)

    @Slot()
    def _on_delete(self) -> None:
        item = self.list.currentItem()
        row = item.data(_ROW) if item is not None else None
        if row is not None and row["origin"] == "layer":
            self.delete_requested.emit(row["id"])


def _colour_name(colour: str) -> str:
    return next((name for name, value in HIGHLIGHT_COLOURS.items() if value.lower() == colour.lower()), colour)


def _swatch(colour: str) -> QIcon:
    """A small square of a highlight's colour, beside its row."""
    pixmap = QPixmap(SWATCH_PIXELS, SWATCH_PIXELS)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _row_text(row: dict) -> str:
    text = " ".join((row["text"] or row["comment"]).split())
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS - 1] + "\u2026"
    kind = "correction" if row["kind"].startswith("correction:") else row["kind"]
    mine = "" if row["origin"] == "layer" else " (in the file)"
    comment = f" \u2014 {' '.join(row['comment'].split())}" if row["comment"] and row["text"] else ""
    return f"p. {row['page']}  {kind}{mine}: {text}{comment}"


class AnnotationController(QObject):
    """The open document's layer, between the store, the page view and the panel."""

    #: Something to tell the user in the status bar (text).
    message = Signal(str)
    #: The layer was damaged (and set aside) or cannot be read: a sentence that must stay visible.
    warning = Signal(str)
    #: The user changed the layer here (corrections among it may change the notes).
    layer_changed = Signal()

    def __init__(self, view: PageView, panel: AnnotationsPanel, paths: Paths, parent=None) -> None:
        super().__init__(parent)
        self.view, self.panel, self.paths = view, panel, paths
        self.store = None            # the open document's LayerStore, when it has one
        self._doc = None             # the open Document
        self._path: Path | None = None
        self._file_marks: list[dict] = []
        self._deleted: list = []     # what Undo brings back, last deleted last
        self.colour = ""             # of new highlights ("#rrggbb"; "" is the default colour)

    def clear(self) -> None:
        """No document (another one is opening): nothing listed, nothing drawn."""
        self.store, self._doc, self._path, self._file_marks, self._deleted = None, None, None, [], []
        self.panel.set_rows([])
        self.view.set_highlights([])

    def set_document(self, doc) -> None:
        """Show the layer of *doc* (a ``reader.core.document.Document``)."""
        from reader.core.document import content_hash
        from reader.core.layer import LayerStore
        from reader.core.layer.follow import carry_over
        from reader.core.layer.pdf import file_annotations
        path = doc.path
        self.store, self._doc, self._path, self._deleted = None, doc, path, []
        self._file_marks = file_annotations(doc)
        carried = ""
        try:
            if path.stat().st_size <= HASH_HERE_BYTES:
                self.store = LayerStore(self.paths.layers, content_hash(path), path)
                carried = carry_over(self.store, doc)
        except OSError as exc:
            logger.warning("No layer for %s: %s", path, exc)
        self.refresh()
        if carried:
            self.warning.emit(carried)
            self.layer_changed.emit()   # carried corrections change the notes

    def items(self) -> list:
        """The layer's items as the store holds them now ([] when it cannot be read: said once)."""
        if self.store is None:
            return []
        try:
            items = self.store.items()
        except ReaderError as exc:
            self.warning.emit(str(exc))
            return []
        except OSError as exc:
            self.warning.emit(f"Your annotations could not be read ({exc.strerror or exc}).")
            return []
        if self.store.notice:
            self.warning.emit(self.store.notice)
            self.store.notice = ""
        return items

    @Slot()
    def refresh(self) -> None:
        from reader.core.layer import Highlight
        from reader.core.layer.export import rows
        items = self.items()
        self.panel.set_rows(rows(items, self._file_marks))
        self.view.set_highlights([(i.page, r, i.colour, i.style == "underline")
                                  for i in items if isinstance(i, Highlight) for r in i.rects])

    @Slot()
    def highlight_selection(self) -> None:
        """Highlight the selected text: one highlight per page it runs over."""
        self._mark_selection("highlight")

    @Slot()
    def underline_selection(self) -> None:
        self._mark_selection("underline")

    def set_colour(self, colour: str) -> None:
        """The colour of the highlights made from now on ("#rrggbb")."""
        self.colour = colour

    def _mark_selection(self, style: str) -> None:
        from reader.core.layer import DEFAULT_COLOUR, Highlight
        from reader.core.layer.pdf import line_rects, passage
        areas = self.view.selected_areas()
        if not areas or self.store is None or self._doc is None:
            self.message.emit("Select some text to highlight first." if self.store is not None
                              else "This document cannot keep annotations.")
            return
        for page in sorted({p for p, _ in areas}):
            rects = line_rects([r for p, r in areas if p == page])
            self._change(lambda store, page=page, rects=rects: store.add(
                Highlight(page, tuple(rects), passage(self._doc, page, rects), colour=self.colour or DEFAULT_COLOUR,
                          style=style)))
        self.refresh()

    @Slot(str)
    def delete(self, item_id: str) -> None:
        removed = self._change(lambda store: store.remove(item_id))
        if removed is not None:
            self._deleted.append(removed)
            self.message.emit("Annotation deleted (Edit > Undo Delete Annotation brings it back).")
            self.layer_changed.emit()
        self.refresh()

    @Slot()
    def undo_delete(self) -> None:
        if self._deleted and self.store is not None:
            item = self._deleted.pop()
            self._change(lambda store: store.add(item))
            self.refresh()
            self.layer_changed.emit()

    @Slot(str, int)
    def comment(self, on: str, page: int) -> None:
        """Ask for a comment on the highlight *on* (or at the top of 0-based *page*) and keep it."""
        from reader.core.layer import Comment
        from reader.core.layer.pdf import DEFAULT_POINT
        if self.store is None:
            return
        text = dialogs.ask_text(self.view, "Comment", "Your comment:")
        if text:
            self._change(lambda store: store.add(Comment(page, text, on=on, point=None if on else DEFAULT_POINT)))
            self.refresh()

    @Slot()
    def bookmark_page(self) -> None:
        """Bookmark the page at the top of the view, under a name the user gives."""
        from reader.core.layer import Bookmark
        if self.store is None:
            self.message.emit("This document cannot keep annotations.")
            return
        page = self.view.current_page()
        name = dialogs.ask_text(self.view, "Bookmark", f"Name of the bookmark on page {page + 1}:", f"Page {page + 1}")
        if name:
            self._change(lambda store: store.add(Bookmark(page, name)))
            self.refresh()

    @Slot()
    def save_copy(self) -> None:
        """File > Save a Copy with Annotations…: the highlights as PDF annotations in a new file."""
        from reader.core.layer.pdf import save_copy
        if self.store is None or self._doc is None or self._path is None:
            return
        target = dialogs.ask_save_path(self.view, "Save a Copy with Annotations",
                                       self._path.with_name(f"{self._path.stem} (annotated).pdf"), "PDF (*.pdf)")
        if target is None:
            return
        try:
            written = save_copy(self._doc, self.items(), target, original=self._path)
        except ReaderError as exc:
            dialogs.show_error(self.view, str(exc))
            return
        self.message.emit(f"Saved {target.name} with {written} annotations.")

    @Slot()
    def export_markdown(self) -> None:
        """File > Export Annotations as Markdown…: each quotation with its citation and page."""
        from reader.core.cite import describe, page_label
        from reader.core.layer.export import markdown, rows
        if self._doc is None:
            return
        target = dialogs.ask_save_path(self.view, "Export Annotations as Markdown",
                                       self._path.with_name(f"{self._path.stem} annotations.md"), "Markdown (*.md)")
        if target is None:
            return
        doc = self._doc
        text = markdown(rows(self.items(), self._file_marks), describe(doc), lambda index: page_label(doc, index))
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            dialogs.show_error(self.view, f"Could not write {target}: {exc.strerror or exc}.")
            return
        self.message.emit(f"Exported the annotations to {target.name}.")

    @Slot(int, object)
    def show_place(self, page: int, rect) -> None:
        if not 0 <= page < self.view.page_count():
            return   # (a layer item on a page the file no longer has)
        if rect is None:
            self.view.go_to_page(page, record=True)
            return
        self.view.reveal(page, rect)
        self.view.flash([(page, rect)])

    def _change(self, change):
        try:
            return change(self.store)
        except ReaderError as exc:
            self.message.emit(str(exc))
        except OSError as exc:
            self.message.emit(f"Your annotations could not be saved ({exc.strerror or exc}).")
        return None
