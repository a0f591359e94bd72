"""The Pages tab: a strip of page thumbnails, the current page marked, a click goes there.

Lazy like the page view (STYLE.md, "Background work"): the list view asks its model for the
picture of a row only when it paints that row, so only visible thumbnails are ever drawn;
each is rendered on the GUI thread (PyMuPDF is not thread-safe), one per turn of the event
loop, into a bounded LRU cache. Every row has the same size (``setUniformItemSizes``), so a
1,000-page document makes no row's picture, nor reads any page size, until it is scrolled to.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QItemSelectionModel, QModelIndex, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QListView, QWidget

from reader.core.errors import PageError
from reader.core.render import NIGHT_PAGE

if TYPE_CHECKING:   # PyMuPDF through reader.core only (see gui/__init__.py)
    from reader.core.document import Document

#: Width of a thumbnail in logical pixels (the height follows page 1's shape).
THUMB_WIDTH = 120
#: Thumbnails kept rendered: about 120 x 170 x 4 bytes each, so ~25 MB at most.
THUMB_CACHE = 300
#: Room around a thumbnail and its page number in its row (pixels).
ROW_PADDING = 8
#: The edge drawn around each sheet: a grey that shows on a white page, a light or a dark dock.
EDGE = QColor("#8a8a8a")
#: The cap on one thumbnail's pixels (a huge page renders coarser, never larger).
THUMB_MAX_PIXELS = 1_000_000


class ThumbnailModel(QAbstractListModel):
    """One row per page: its number as text, its picture (rendered when first painted)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._doc: Document | None = None
        self._count = 0
        self._night = False
        self._dpr = 1.0
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self._wanted: list[int] = []
        self._queued = False
        #: Nothing is drawn until the page view has drawn the visible pages (page 1 first; and
        #: MuPDF warns of a damaged picture only on its first drawing, which the view reports),
        #: nor while the tab is hidden (the list asks for row 1's picture to size its rows).
        self.paused = True
        self.shown = False
        self.label_height = 16   # the page number's line (the panel sets it from its font)
        self._blank = QPixmap()
        self.thumb_size = QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.414))

    def set_document(self, doc: Document | None, night: bool, dpr: float) -> None:
        self.beginResetModel()
        self._doc, self._night, self._dpr = doc, night, dpr
        self.paused = True
        self._count = doc.page_count if doc is not None else 0
        self._cache.clear()
        self._wanted.clear()
        if self._count:
            width, height = doc.page(0).size()
            self.thumb_size = QSize(THUMB_WIDTH, max(1, round(THUMB_WIDTH * height / width)))
        self._blank = self._blank_sheet()
        self.endResetModel()

    def _blank_sheet(self) -> QPixmap:
        """A page not drawn yet: its colour and edge."""
        blank = QPixmap(self.thumb_size)
        blank.fill(QColor(f"#{NIGHT_PAGE:06x}") if self._night else QColor("white"))
        painter = QPainter(blank)
        painter.setPen(EDGE)
        painter.drawRect(blank.rect().adjusted(0, 0, -1, -1))
        painter.end()
        return blank

    def set_night(self, night: bool) -> None:
        if night != self._night:
            self._night = night
            self._blank = self._blank_sheet()
            self._cache.clear()
            if self._count:
                self.dataChanged.emit(self.index(0), self.index(self._count - 1))

    def rowCount(self, parent=QModelIndex()) -> int:   # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._count

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = index.row()
        if not index.isValid() or not 0 <= row < self._count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            icon = QIcon()
            picture = self._picture(row)
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):   # the current page is framed, not tinted
                icon.addPixmap(picture, mode)
            return icon
        if role == Qt.ItemDataRole.SizeHintRole:   # (else the list draws a row's picture to measure it)
            return QSize(self.thumb_size.width() + ROW_PADDING, self.thumb_size.height() + self.label_height + ROW_PADDING)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Page {row + 1}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Page {row + 1}"
        return None

    def rendered_count(self) -> int:
        """How many thumbnails have been drawn and are held (bounded by THUMB_CACHE)."""
        return len(self._cache)

    def is_rendered(self, row: int) -> bool:
        return row in self._cache

    def is_busy(self) -> bool:
        """True while thumbnails asked for are still to be drawn."""
        return bool(self._wanted)

    def _picture(self, row: int) -> QPixmap:
        picture = self._cache.get(row)
        if picture is not None:
            self._cache.move_to_end(row)
            return picture
        if row not in self._wanted:
            self._wanted.append(row)
        self._schedule()
        return self._blank

    def resume(self) -> None:
        """The page view has drawn its pages: thumbnails may be drawn now."""
        self.paused = False
        self._schedule()

    def _schedule(self) -> None:
        if self._wanted and not self._queued and not self.paused and self.shown:
            self._queued = True
            QTimer.singleShot(0, self._render_next)

    @Slot()
    def _render_next(self) -> None:
        """Render the thumbnail asked for last (the one the user scrolled to), then the next."""
        self._queued = False
        if not self._wanted or self._doc is None or self.paused or not self.shown:
            return
        row = self._wanted.pop()
        self._cache[row] = self._render(row)
        while len(self._cache) > THUMB_CACHE:
            self._cache.popitem(last=False)
        self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DecorationRole])
        self._schedule()

    def _render(self, row: int) -> QPixmap:
        page = self._doc.page(row)
        width, height = page.size()
        box = self.thumb_size
        zoom = min(box.width() / width, box.height() / height)
        try:
            shot = page.render(zoom, self._dpr, THUMB_MAX_PIXELS, night=self._night)
        except PageError:
            return self._blank     # the view says why; a thumbnail stays a blank sheet
        image = QImage(shot.samples, shot.width, shot.height, shot.stride, QImage.Format.Format_RGB888)
        picture = QPixmap(box * self._dpr)
        picture.setDevicePixelRatio(self._dpr)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        w, h = width * zoom, height * zoom     # logical pixels (a capped render is scaled up to it)
        sheet = QRectF((box.width() - w) / 2, (box.height() - h) / 2, w, h)
        painter.drawImage(sheet, image)
        painter.setPen(EDGE)            # the sheet's edge, seen on a light or a dark dock
        painter.drawRect(sheet.adjusted(0, 0, -1 / self._dpr, -1 / self._dpr))
        painter.end()
        return picture

    def forget(self) -> None:
        """Drop the queue: rows scrolled away are not drawn (the view asks again for those it shows)."""
        self._wanted.clear()


class ThumbnailPanel(QListView):
    #: The user clicked a thumbnail (0-based page index).
    page_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Our own viewport (as the page view's): a Qt-made one reaches Python as a bare QWidget
        # and PySide6 then builds every QWidget subclass's type to name it (dialogs included).
        self.setViewport(QWidget(self))
        self.setAccessibleName("Pages")
        self.model_ = ThumbnailModel(self)
        self.setModel(self.model_)
        self.setViewMode(QListView.ViewMode.IconMode)   # the page number under its picture
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)                          # one column: a strip
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)    # no row is measured (or drawn) until it is shown
        self.setSpacing(6)
        self.setMovement(QListView.Movement.Static)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundRole(QPalette.ColorRole.Window)   # the dock's colour, light or dark
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def set_document(self, doc: Document | None, night: bool = False) -> None:
        self.model_.label_height = self.fontMetrics().height()
        self.model_.set_document(doc, night, self.devicePixelRatioF())
        self.setIconSize(self.model_.thumb_size)

    def set_night(self, night: bool) -> None:
        self.model_.set_night(night)

    @Slot()
    def resume(self) -> None:
        """The page view has drawn its visible pages: the thumbnails follow."""
        self.model_.resume()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.model_.shown = True
        self.viewport().update()     # the rows in view ask for their pictures again

    def hideEvent(self, event) -> None:
        self.model_.shown = False
        super().hideEvent(event)

    @Slot(int)
    def select_page(self, page: int) -> None:
        """Mark *page* as the current one and bring it into view (the view moved)."""
        index = self.model_.index(page)
        if not index.isValid() or index == self.currentIndex():
            return
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index, QListView.ScrollHint.EnsureVisible)

    def current_page(self) -> int:
        """The page marked current (-1 when none)."""
        return self.currentIndex().row()

    def thumbnail_rect(self, page: int):
        """Where page *page*'s thumbnail is, in viewport coordinates (for a click)."""
        return self.visualRect(self.model_.index(page))

    def rendered_count(self) -> int:
        return self.model_.rendered_count()

    def is_rendered(self, page: int) -> bool:
        return self.model_.is_rendered(page)

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.page_requested.emit(index.row())

    @Slot(int)
    def _on_scrolled(self, _value: int) -> None:
        self.model_.forget()

    def sizeHint(self) -> QSize:
        return QSize(THUMB_WIDTH + 48, 400)
