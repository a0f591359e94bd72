"""The documents of the library, by title and UN symbol, with their file names below.

The list is read from the index (:func:`index.catalogue.load`) on the thread pool, so
Whoosh never runs on the GUI thread; the latest request wins. Copies of one document are one
entry; its tooltip lists every path, and activating it opens the first copy that exists.
"""
from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QRunnable, QSize, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from reader.core.catalogue import CatalogueEntry
from reader.core.facets import LibraryFilter, facets
from reader.core.paths import readable
from reader.gui import theme

logger = logging.getLogger(__name__)
ENTRY_ROLE = Qt.ItemDataRole.UserRole


class _Dispatcher(QObject):
    #: The catalogue was read (request id, list of CatalogueEntry, error text or "").
    loaded = Signal(int, object, str)


class _LoadJob(QRunnable):
    def __init__(self, index_dir: Path, request: int, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self.index_dir, self.request, self.dispatcher = index_dir, request, dispatcher

    def run(self) -> None:
        from index import catalogue
        try:
            entries, error = catalogue.load(self.index_dir), ""
        except Exception as exc:   # a busy or damaged index only empties the list
            logger.warning("Library list not read: %s", exc)
            entries, error = [], f"The library list could not be read: {exc}"
        try:
            self.dispatcher.loaded.emit(self.request, entries, error)
        except RuntimeError:
            logger.debug("Library list dropped: the window was closed")


class _TwoLineDelegate(QStyledItemDelegate):
    """The title in bold on up to two lines; symbol and file name in grey below."""

    def paint(self, painter, option, index) -> None:
        entry: CatalogueEntry = index.data(ENTRY_ROLE)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(6, 4, -6, -4)
        bold = QFont(option.font)
        bold.setBold(True)
        strong, plain = QFontMetrics(bold), QFontMetrics(option.font)
        painter.save()
        painter.setFont(bold)
        painter.setPen(option.palette.color(role))
        y = rect.top()
        for line in title_lines(entry.title, strong, rect.width()):
            painter.drawText(QRect(rect.left(), y, rect.width(), strong.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += strong.height()
        painter.setFont(option.font)
        painter.setPen(option.palette.color(role) if selected else QColor(theme.mix(
            option.palette.color(QPalette.ColorRole.Text), option.palette.color(QPalette.ColorRole.Base), 0.35)))
        painter.drawText(QRect(rect.left(), y + 1, rect.width(), plain.height()), Qt.AlignmentFlag.AlignLeft,
                         plain.elidedText(secondary_text(entry), Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        bold = QFont(option.font)
        bold.setBold(True)
        return QSize(200, 2 * QFontMetrics(bold).height() + QFontMetrics(option.font).height() + 10)


def title_lines(title: str, metrics: QFontMetrics, width: int) -> list[str]:
    """*title* on at most two lines of *width* pixels, broken between words, the rest elided."""
    words, first = title.split(), ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:   # one word longer than the line
        return [metrics.elidedText(title, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)] if rest else [first]


def secondary_text(entry: CatalogueEntry) -> str:
    """"A/RES/78/5 · un_A_RES_78_5.pdf (2 copies)": the symbol first, it is what UN readers cite."""
    return " · ".join(part for part in (entry.symbol, entry.names) if part)


class DocumentList(QWidget):
    #: A document of the list was activated (path of its first existing copy).
    document_activated = Signal(object)   # (a str would lose the bytes of a name that is not UTF-8)
    #: "Properties…" was asked for a document of the list (path of its first existing copy).
    properties_requested = Signal(object)
    #: A document of the list is wanted in a new tab: middle-click, or "Open in New Tab" (path).
    new_tab_requested = Signal(object)

    def __init__(self, index_dir: Path, parent=None) -> None:
        super().__init__(parent)
        self.index_dir = index_dir
        self._request = self._loaded = 0
        self._open_path = ""
        self._error = ""
        self._dispatcher = _Dispatcher(self)
        self._dispatcher.loaded.connect(self._on_loaded)
        self.setAccessibleName("Library documents")
        self.status = QLabel("Reading the library…", self, wordWrap=True)
        theme.keep_muted(self, self.status)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Documents in the library")
        self.list.setItemDelegate(_TwoLineDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._on_activated)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_menu)
        self.menu: QMenu | None = None   # the context menu (kept alive while it shows)
        self._folders: list[str] = []
        self._build_filters()
        from reader.gui.tabs import OpenInNewTab
        self._new_tab = OpenInNewTab(self.list, menu=False)   # (the menu is _on_menu's)
        self._new_tab.requested.connect(self._on_new_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.filter_edit)
        layout.addLayout(self._facet_row)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)

    def _build_filters(self) -> None:
        """A filter box (title words, file name, start of a symbol) and the organ, year and folder choices."""
        self.filter_edit = QLineEdit(self, placeholderText="Filter: title, file or symbol (A/RES/78)", clearButtonEnabled=True)
        self.filter_edit.setAccessibleName("Filter the library")
        self.filter_edit.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.organ_box, self.year_box, self.folder_box = QComboBox(self), QComboBox(self), QComboBox(self)
        self._facet_row = QGridLayout()
        self._facet_row.setContentsMargins(0, 0, 0, 0)
        for column, (box, everything) in enumerate(((self.organ_box, "All organs"), (self.year_box, "All years"),
                                                    (self.folder_box, "All folders"))):
            box.addItem(everything, None)
            box.setAccessibleName(everything.replace("All", "Filter by"))
            # (no width of their own: the dock keeps the width it had, and the pages are not drawn again)
            box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            box.currentIndexChanged.connect(self._apply_filter)
            self._facet_row.addWidget(box, 0, column)

    def current_filter(self) -> LibraryFilter:
        return LibraryFilter(self.filter_edit.text().strip(), self.organ_box.currentData() or "",
                             self.year_box.currentData(), self.folder_box.currentData() or "")

    def set_folders(self, folders: list) -> None:
        """The library folders, for the folder choice."""
        self._folders = [str(f) for f in folders]
        _refill(self.folder_box, [(readable(f), f) for f in self._folders])
        self._apply_filter()

    def shown_entries(self) -> list[CatalogueEntry]:
        """The entries the filter lets through, in list order."""
        return [self.list.item(i).data(ENTRY_ROLE) for i in range(self.list.count()) if not self.list.isRowHidden(i)]

    @Slot()
    def _apply_filter(self) -> None:
        wanted = self.current_filter()
        for row in range(self.list.count()):
            self.list.setRowHidden(row, not wanted.matches(self.list.item(row).data(ENTRY_ROLE)))
        self._say_count()

    @Slot()
    def refresh(self) -> None:
        """Read the list from the index again (after indexing, or at start)."""
        self._request += 1
        QThreadPool.globalInstance().start(_LoadJob(self.index_dir, self._request, self._dispatcher))

    def latest_request(self) -> int:
        return self._request

    def loading(self) -> bool:
        """True while the latest read of the list has not come back."""
        return self._loaded != self._request

    def set_open_path(self, path: str) -> None:
        """Select the entry of the open document (any of its copies), when the list has it."""
        self._open_path = path
        for row, entry in enumerate(self.entries()):
            if path in entry.paths:
                self.list.setCurrentRow(row)
                return
        self.list.clearSelection()

    def entries(self) -> list[CatalogueEntry]:
        return [self.list.item(i).data(ENTRY_ROLE) for i in range(self.list.count())]

    @Slot(int, object, str)
    def _on_loaded(self, request: int, entries: list, error: str) -> None:
        if request != self._request:
            return
        self._loaded = request
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(entry.title)
            item.setData(ENTRY_ROLE, entry)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{entry.title}, {secondary_text(entry)}")
            item.setToolTip(_tooltip(entry))
            self.list.addItem(item)
        self.set_open_path(self._open_path)
        organs, years = facets(entries)
        _refill(self.organ_box, [(o, o) for o in organs])
        _refill(self.year_box, [(str(y), y) for y in years])
        self._error = error
        self._apply_filter()

    def _say_count(self) -> None:
        entries = self.entries()
        copies = sum(len(e.paths) for e in entries)
        shown = len(self.shown_entries())
        if self._error:
            self.status.setText(self._error)
        elif not entries:
            self.status.setText("No documents yet: add a folder to the library (Library > Add Folder…).")
        elif shown != len(entries):
            self.status.setText(f"{shown} of {len(entries)} documents match the filter")
        else:
            more = f" ({copies} files)" if copies != len(entries) else ""
            self.status.setText(f"{len(entries)} document{'s' if len(entries) != 1 else ''}{more}")

    @Slot(QListWidgetItem)
    def _on_activated(self, item: QListWidgetItem) -> None:
        self.document_activated.emit(_first_copy(item.data(ENTRY_ROLE)))

    @Slot(object)
    def _on_new_tab(self, item: QListWidgetItem) -> None:
        self.new_tab_requested.emit(_first_copy(item.data(ENTRY_ROLE)))

    @Slot(object)
    def _on_menu(self, at) -> None:
        item = self.list.itemAt(at)
        if item is None:
            return
        path = _first_copy(item.data(ENTRY_ROLE))
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.document_activated.emit(path))
        menu.addAction("Open in New Tab", lambda: self.new_tab_requested.emit(path))
        menu.addAction("Properties…", lambda: self.properties_requested.emit(path))
        self.menu = menu
        menu.popup(self.list.viewport().mapToGlobal(at))


def _first_copy(entry: CatalogueEntry) -> str:
    """The path of the entry's first copy that exists (else its first)."""
    return next((p for p in entry.paths if Path(p).is_file()), entry.paths[0])


def _refill(box: QComboBox, choices: list[tuple[str, object]]) -> None:
    """Replace *box*'s choices after its first ("All …"), keeping the one chosen when it is still there."""
    chosen = box.currentData()
    box.blockSignals(True)
    while box.count() > 1:
        box.removeItem(1)
    for text, data in choices:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
    box.blockSignals(False)


def _tooltip(entry: CatalogueEntry) -> str:
    pages = f"{entry.pages} page{'s' if entry.pages != 1 else ''}" if entry.pages else ""
    about = " · ".join(part for part in (entry.symbol, pages) if part)
    head = f"<b>{html.escape(entry.title)}</b>" + (f"<br/>{html.escape(about)}" if about else "")
    paths = "<br/>".join(html.escape(readable(p)) for p in entry.paths)
    return f"{head}<br/>{paths}"
