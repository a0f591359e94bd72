"""The page view: every page of a document in one continuous vertical scroll.

Only visible pages are rendered, one per event-loop turn (``QTimer.singleShot(0)``), into
a bounded LRU cache keyed ``(page, zoom bucket)``. A page that is not rendered yet is
painted from the nearest cached zoom, scaled, or as a blank sheet (qpageview, sioyek).
PDF points become pixels only here: everything that comes in or goes out is in page space.
"""
from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QImage, QKeySequence, QPainter, QPen, QTransform
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QWidget

from reader.core import selection
from reader.core.cite import clean_copy, vocabulary_of
from reader.core.errors import PageError
from reader.core.navigation import Location
from reader.core.pagelayout import PageLayout, from_shown, rows, shown_size, to_shown
from reader.core.pages import Link
from reader.core.render import NIGHT_PAGE

if TYPE_CHECKING:   # PyMuPDF through reader.core: PySide6 reads the source of a module imported after it (7 ms)
    from reader.core.document import Document

logger = logging.getLogger(__name__)

GAP = 12                  # logical pixels between pages
PX_PER_PT = 96 / 72       # 100 % zoom shows a point as 1/72 inch at 96 dpi
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
CACHE_PIXELS = 160_000_000 // 4   # hard cap: about 120 MB of RGB pixels
#: Rendered pages kept beyond those in view, in screenfuls of the view's device pixels: scrolling
#: back a few screens shows pages at once, a long scroll does not hold a hundred images (the cache
#: was then 40% of the window's memory); a page in view is never dropped.
CACHE_SCREENS = 12
#: Page sizes read per turn of the event loop once the visible pages are drawn (~0.04 ms each).
SIZE_PAGES = 100
BACKGROUND = QColor("#5f6368")
NIGHT_BACKGROUND = QColor("#111214")   # around the pages in night mode
HIT = QColor(255, 200, 0, 110)
CURRENT_HIT = QColor(255, 120, 0, 150)
SELECTION = QColor(40, 110, 220, 80)
FLASH = QColor(255, 90, 40, 90)
#: Opacity (0-255) of the reader's highlights over the page: the text stays readable.
HIGHLIGHT_ALPHA = 110
#: The keys keyPressEvent and wheelEvent handle (listed in Help > Keyboard Shortcuts); keep them together.
VIEW_KEYS = (("First / last page", "Home, End"), ("Screen down / up", "PgDn or Space, PgUp"),
             ("Scroll a little", "Down, Up"), ("Zoom", "Ctrl+wheel"))


@dataclass(frozen=True)
class Marker:
    """Something live on a page (a footnote marker, a link): rect in points, payload for signals."""
    page: int
    rect: tuple[float, float, float, float]
    payload: object


class PageView(QAbstractScrollArea):
    #: The page at the top of the view changed (0-based page index).
    page_changed = Signal(int)
    #: The zoom factor changed (1.0 = 100 %).
    zoom_changed = Signal(float)
    #: The mouse rests on a live marker (payload, global position).
    marker_hovered = Signal(object, QPoint)
    #: The mouse left every live marker.
    marker_left = Signal()
    #: A live marker was clicked (payload).
    marker_activated = Signal(object)
    #: An internal link was followed: the view is about to move (where it was).
    jump_started = Signal(object)
    #: The range of pages in view changed (range of 0-based indexes).
    visible_pages_changed = Signal(object)
    #: A page could not be drawn, or only in part (a sentence saying which and why).
    page_problem = Signal(str)
    #: Visible pages are all drawn at the current zoom.
    rendering_finished = Signal()
    #: "Copy with Citation" was asked for the selection (text, sorted 0-based pages).
    copy_with_citation_requested = Signal(str, object)
    #: "Highlight" was asked for the selection (the selection is read with selected_areas()).
    highlight_requested = Signal()
    #: "Underline" was asked for the selection.
    underline_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Our own viewport, the same plain QWidget Qt makes: PySide6 meets Qt's one as a bare
        # QWidget pointer and loads every QWidget subclass (80 enums, 5-13 ms) to name its type.
        self.setViewport(QWidget(self))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName("Pages")
        self._doc: Document | None = None
        self._sizes: list[tuple[float, float]] = []
        self._size_read = bytearray()   # 1 for the pages whose own size is in _sizes, not a guess
        self._sizes_next = 0            # where the reading of the other sizes goes on
        self._sizes_queued = False
        self._tops: list[float] = []
        self._layout = PageLayout()
        self._rows: list[tuple[int, ...]] = []
        self._lefts: list[float] = []        # x of each page inside its row (pixels)
        self._row_widths: list[float] = []   # width of each page's row (pixels)
        self._zoom = 1.0
        self._fit = "width"
        self._night = False
        self.max_page_pixels = 40_000_000   # Limits.max_render_pixels; set by the window
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._cache_pixels = 0
        self._failed: dict[int, str] = {}
        self._partial: set[int] = set()
        self._queued = False
        self._hits: dict[int, list[tuple]] = {}
        self._current_hit: tuple[int, tuple] | None = None
        self._markers: dict[int, list[Marker]] = {}
        self._hover: Marker | None = None
        self._flash: list[tuple[int, tuple]] = []
        self._words: OrderedDict[int, list] = OrderedDict()
        self._links: OrderedDict[int, list] = OrderedDict()
        self._select_from: tuple[int, QPointF] | None = None
        self._selection: list[tuple[int, tuple]] = []
        self._selected_text = ""
        self._double_click: tuple[float, QPointF] | None = None   # (when, where): a third click selects the line
        self._highlights: dict[int, list[tuple[tuple, QColor, bool]]] = {}   # page -> (rect, colour, underline)
        self._last_page = -1
        self._last_visible = range(0)
        self.menu: QMenu | None = None   # the selection menu (kept alive while it shows)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)

    # -- document --------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        """Show *doc* (a core Document: the view draws through its pages), or nothing."""
        self._doc = doc
        self._cache.clear()
        self._cache_pixels = 0
        self._failed.clear()
        self._partial.clear()
        self._hits.clear()
        self._markers.clear()
        self._highlights.clear()
        self._words.clear()
        self._links.clear()
        self._selection.clear()
        self._current_hit = None
        # Only page 1's size is read here: the others are taken to be the same until they are
        # read, the visible ones before they are drawn, the rest once the first pages are drawn
        # (SIZE_PAGES per turn; all 315 pages of a report took 12 ms before page 1 was shown).
        count = doc.page_count if doc else 0
        self._sizes = [doc.page(0).size()] * count if count else []
        self._size_read = bytearray(count)
        self._size_read[:1] = b"\x01"[:count]
        self._sizes_next = 1
        self._last_page = -1
        self._rows = rows(count, self._layout)
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._on_scrolled()

    def page_count(self) -> int:
        return len(self._sizes)

    # -- night mode ------------------------------------------------------------------
    def set_night(self, on: bool) -> None:
        """Draw pages light-on-dark (pictures unchanged), or as printed."""
        if on == self._night:
            return
        self._night = on
        self._cache.clear()       # every page is drawn again in the other colours
        self._cache_pixels = 0
        self.viewport().update()

    def night(self) -> bool:
        return self._night

    # -- page layout (rotation, facing pages) ----------------------------------------
    def page_layout(self) -> PageLayout:
        return self._layout

    def set_page_layout(self, layout: PageLayout) -> None:
        """Turn the pages and/or set them side by side; the view stays on the same page."""
        if layout == self._layout:
            return
        here = self.current_page()
        if layout.rotation != self._layout.rotation:
            self._cache.clear()        # every page is drawn again, turned
            self._cache_pixels = 0
        self._layout = layout
        self._rows = rows(len(self._sizes), layout)
        fit = self._fit_zoom(self._fit)
        if fit:
            self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, fit))
        self._relayout()
        if self._sizes:
            self.go_to_page(here)
        self.zoom_changed.emit(self._zoom)

    def _shown(self, index: int) -> tuple[float, float]:
        """Page *index*'s (width, height) in points as shown (turned)."""
        return shown_size(self._sizes[index], self._layout.rotation)

    # -- zoom ----------------------------------------------------------------------
    def zoom(self) -> float:
        return self._zoom

    def fit_mode(self) -> str:
        return self._fit

    def set_zoom(self, zoom: float, fit: str = "none") -> None:
        here = self.location()
        self._fit = fit
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._relayout()
        self.go_to(Location(here.page, here.y), record=False)
        self.zoom_changed.emit(self._zoom)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self._zoom * factor)

    def set_fit(self, fit: str) -> None:
        self.set_zoom(self._fit_zoom(fit) or self._zoom, fit)

    def set_zoom_within_width(self, zoom: float) -> None:
        """A fixed *zoom*, unless the page would then be wider than the view: fit width then.
        (A zoom chosen on one document opens the next; on a wider page it would cut it off.)"""
        widest = self._fit_zoom("width")
        if widest is not None and zoom > widest:
            self.set_fit("width")
        else:
            self.set_zoom(zoom)

    def _fit_zoom(self, fit: str, page: int | None = None) -> float | None:
        if not self._sizes or fit not in ("width", "page"):
            return None
        page = self.current_page() if page is None else max(0, min(page, len(self._sizes) - 1))
        width, height = self._shown(page)
        across = 2 if self._layout.facing else 1   # (page 1 alone fits as its spread partners do)
        avail_w = max(50, self.viewport().width() - 2 * GAP - (across - 1) * GAP)
        zoom = avail_w / (across * width * PX_PER_PT)
        if fit == "page":
            zoom = min(zoom, max(50, self.viewport().height() - 2 * GAP) / (height * PX_PER_PT))
        return zoom

    def _scale(self) -> float:
        return self._zoom * PX_PER_PT

    # -- geometry ------------------------------------------------------------------
    def _relayout(self) -> None:
        scale, y, count = self._scale(), GAP, len(self._sizes)
        self._tops, self._lefts, self._row_widths = [0.0] * count, [0.0] * count, [0.0] * count
        widest = 2 * GAP
        for row in self._rows:
            shown = [self._shown(i) for i in row]
            row_width = sum(w for w, _h in shown) * scale + GAP * (len(row) - 1)
            x = 0.0
            for index, (w, _h) in zip(row, shown, strict=True):
                self._tops[index], self._lefts[index], self._row_widths[index] = y, x, row_width
                x += w * scale + GAP
            y += max(h for _w, h in shown) * scale + GAP
            widest = max(widest, row_width + 2 * GAP)
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, int(y - self.viewport().height())))
        vbar.setPageStep(self.viewport().height())
        vbar.setSingleStep(40)
        hbar.setRange(0, max(0, int(widest - self.viewport().width())))
        hbar.setPageStep(self.viewport().width())
        self.viewport().update()

    def page_rect(self, index: int) -> QRectF:
        """Where page *index* is drawn, in viewport coordinates."""
        w, h = self._shown(index)
        scale = self._scale()
        row_width = self._row_widths[index]
        total_w = max(self.viewport().width(), row_width + 2 * GAP)
        x = (total_w - row_width) / 2 + self._lefts[index] - self.horizontalScrollBar().value()
        y = self._tops[index] - self.verticalScrollBar().value()
        return QRectF(x, y, w * scale, h * scale)

    def _visible_pages(self) -> range:
        if not self._sizes:
            return range(0)
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = self._row_start(max(0, _bisect(self._tops, top) - 1))
        scale = self._scale()
        while first + 1 < len(self._tops) and self._tops[first] + self._row_height(first) * scale <= top + 1:
            first += 1        # this page ends above the view (we are in the gap below it)
        last = first
        while last + 1 < len(self._tops) and self._tops[last + 1] < bottom:
            last += 1
        return range(first, last + 1)

    def _row_start(self, index: int) -> int:
        """The first page of *index*'s row (facing pages share their top)."""
        while index > 0 and self._tops[index - 1] == self._tops[index]:
            index -= 1
        return index

    def _row_height(self, index: int) -> float:
        """The height in points of the row of page *index* (its tallest page)."""
        first = last = self._row_start(index)
        while last + 1 < len(self._tops) and self._tops[last + 1] == self._tops[first]:
            last += 1
        return max(self._shown(i)[1] for i in range(first, last + 1))

    def visible_pages(self) -> range:
        """The pages (0-based) the viewport shows now (as ``visible_pages_changed`` said last)."""
        return self._visible_pages()

    def current_page(self) -> int:
        if not self._sizes:
            return 0
        top = self.verticalScrollBar().value() + self.viewport().height() * 0.25
        return self._row_start(max(0, min(len(self._sizes) - 1, _bisect(self._tops, top) - 1)))

    def to_page(self, pos: QPointF) -> tuple[int, QPointF] | None:
        """Viewport position -> (page, point in PDF points) or None when between pages."""
        for index in self._visible_pages():
            rect = self.page_rect(index)
            if rect.contains(pos):
                scale = self._scale()
                x, y = from_shown((pos.x() - rect.x()) / scale, (pos.y() - rect.y()) / scale,
                                  self._sizes[index], self._layout.rotation)
                return index, QPointF(x, y)
        return None

    def to_view(self, page: int, rect: tuple) -> QRectF:
        """A rectangle in PDF points on *page* -> viewport coordinates."""
        origin, scale = self.page_rect(page), self._scale()
        (x0, y0), (x1, y1) = (to_shown(x, y, self._sizes[page], self._layout.rotation)
                              for x, y in ((rect[0], rect[1]), (rect[2], rect[3])))
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        return QRectF(origin.x() + x0 * scale, origin.y() + y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale)

    # -- navigation ------------------------------------------------------------------
    def location(self) -> Location:
        """Where the view is, with its zoom and zoom mode (fit width/page follows the window)."""
        fit = self._fit if self._fit in ("width", "page") else None
        if not self._sizes:
            return Location(0, 0.0, self._zoom, fit=fit)
        page = self.current_page()
        y = (self.verticalScrollBar().value() - self._tops[page]) / self._scale()
        return Location(page, round(y, 2), self._zoom, fit=fit)

    def go_to(self, where: Location, *, record: bool = True) -> None:
        """Scroll so that point *where.y* of page *where.page* is at the top."""
        if not self._sizes:
            return
        if record:
            self.jump_started.emit(self.location())
        if self._read_sizes((max(0, min(where.page, len(self._sizes) - 1)),)):
            self._relayout()
        if where.fit in ("width", "page"):   # a fitted view comes back fitted to the window as it is now
            self._apply_zoom(self._fit_zoom(where.fit, where.page) or self._zoom, where.fit)
        elif where.zoom:
            self._apply_zoom(where.zoom, "none")
        page = max(0, min(where.page, len(self._sizes) - 1))
        self.verticalScrollBar().setValue(round(self._tops[page] + where.y * self._scale()))
        self._on_scrolled()

    def _apply_zoom(self, zoom: float, fit: str) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if abs(zoom - self._zoom) <= 1e-3 and fit == self._fit:
            return
        self._zoom, self._fit = zoom, fit
        self._relayout()
        self.zoom_changed.emit(self._zoom)

    def go_to_page(self, page: int, *, record: bool = False) -> None:
        """Show page *page* from its top edge (and the gap above it)."""
        self.go_to(Location(page, -GAP / self._scale()), record=record)

    def reveal(self, page: int, rect: tuple, *, record: bool = True) -> None:
        """Bring *rect* of *page* into view (no scrolling when already visible)."""
        view = self.to_view(page, rect)
        if self.viewport().rect().contains(view.toRect()):
            return
        y = max(0.0, rect[1] - self.viewport().height() / self._scale() / 3)
        self.go_to(Location(page, y), record=record)

    # -- overlays ------------------------------------------------------------------------
    def set_hits(self, hits: dict[int, list[tuple]], current: tuple[int, tuple] | None = None) -> None:
        self._hits = hits
        self._current_hit = current
        self.viewport().update()

    def hits(self) -> dict[int, list[tuple]]:
        """The highlighted places: {page: [rect in PDF points]}."""
        return {page: list(rects) for page, rects in self._hits.items()}

    def set_markers(self, markers: list[Marker]) -> None:
        self._markers = {}
        for marker in markers:
            self._markers.setdefault(marker.page, []).append(marker)
        self.viewport().update()

    def set_highlights(self, marks: list[tuple[int, tuple, str, bool]]) -> None:
        """Draw the reader's highlights: (0-based page, rect in points, "#rrggbb", underline)."""
        self._highlights = {}
        for page, rect, colour, underline in marks:
            shade = QColor(colour)
            shade.setAlpha(255 if underline else HIGHLIGHT_ALPHA)
            self._highlights.setdefault(page, []).append((rect, shade, underline))
        self.viewport().update()

    def flash(self, areas: list[tuple[int, tuple]], msec: int = 1400) -> None:
        """Highlight *areas* ((page, rect) pairs) for a moment."""
        self._flash = list(areas)
        self.viewport().update()
        QTimer.singleShot(msec, self._end_flash)

    @Slot()
    def _end_flash(self) -> None:
        self._flash = []
        self.viewport().update()

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        _fill(painter, QRectF(self.viewport().rect()), NIGHT_BACKGROUND if self._night else BACKGROUND)
        missing = False
        for index in self._visible_pages():
            target = self.page_rect(index)
            _fill(painter, target.translated(2, 2), QColor(0, 0, 0, 60))
            image = self._cached(index)
            if image is not None:   # drawn 1:1 at a whole pixel: no resampling, sharp text
                painter.drawImage(QPointF(round(target.x()), round(target.y())), image)
            else:
                missing = True
                self._paint_placeholder(painter, index, target)
            self._paint_overlays(painter, index)
        painter.end()
        if missing:
            self._schedule_render()

    def _paint_placeholder(self, painter: QPainter, index: int, target: QRectF) -> None:
        stale = self._nearest_cached(index)
        if stale is not None:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, stale)
            painter.restore()
            return
        _fill(painter, target, QColor(NIGHT_PAGE) if self._night else QColor(Qt.GlobalColor.white))
        if index in self._failed:
            painter.setPen(QColor("#a00"))
            painter.drawText(target.adjusted(20, 20, -20, -20), Qt.TextFlag.TextWordWrap, self._failed[index])

    def _paint_overlays(self, painter: QPainter, index: int) -> None:
        for rect, colour, underline in self._highlights.get(index, ()):
            area = self.to_view(index, rect)
            if underline:
                area.setTop(area.bottom() - max(1.5, area.height() / 12))
            painter.fillRect(area, colour)
        for rect in self._hits.get(index, ()):
            current = self._current_hit == (index, rect)
            painter.fillRect(self.to_view(index, rect), CURRENT_HIT if current else HIT)
        for page, rect in self._selection:
            if page == index:
                painter.fillRect(self.to_view(index, rect), SELECTION)
        for page, rect in self._flash:
            if page == index:
                painter.fillRect(self.to_view(index, rect).adjusted(-2, -2, 2, 2), FLASH)
        if self._hover and self._hover.page == index:
            painter.setPen(QPen(QColor(30, 90, 200), 1.2))
            painter.drawRect(self.to_view(index, self._hover.rect).adjusted(-1.5, -1.5, 1.5, 1.5))

    # -- rendering -------------------------------------------------------------------------
    def _bucket(self) -> int:
        return int(round(self._scale() * self.devicePixelRatioF() * 100))

    def _cached(self, index: int) -> QImage | None:
        key = (index, self._bucket())
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
        return image

    def _nearest_cached(self, index: int) -> QImage | None:
        buckets = [b for (p, b) in self._cache if p == index]
        if not buckets:
            return None
        want = self._bucket()
        return self._cache[(index, min(buckets, key=lambda b: abs(b - want)))]

    def _schedule_render(self) -> None:
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self._render_next)

    @Slot()
    def _render_next(self) -> None:
        self._queued = False
        if self._doc is None:
            return
        self._size_visible_pages()
        todo = [i for i in self._visible_pages() if self._cached(i) is None and i not in self._failed]
        if not todo:
            self._on_visible_rendered()
            return
        self._render(todo[0])
        self.viewport().update(self.page_rect(todo[0]).toAlignedRect().adjusted(-4, -4, 4, 4))
        if len(todo) > 1:
            self._schedule_render()
        else:
            QTimer.singleShot(0, self._check_done)

    @Slot()
    def _check_done(self) -> None:
        if all(self._cached(i) is not None or i in self._failed for i in self._visible_pages()):
            self._on_visible_rendered()

    def _on_visible_rendered(self) -> None:
        self.rendering_finished.emit()
        if self._sizes_next < len(self._sizes) and not self._sizes_queued:
            self._sizes_queued = True
            QTimer.singleShot(0, self._read_more_sizes)

    # -- page sizes (see set_document) ----------------------------------------------------
    @Slot()
    def _read_more_sizes(self) -> None:
        """Read the next SIZE_PAGES page sizes; go on in the next turn of the event loop."""
        self._sizes_queued = False
        pages = range(self._sizes_next, min(len(self._sizes), self._sizes_next + SIZE_PAGES))
        self._sizes_next = pages.stop
        if self._read_sizes(pages):
            self._relayout_in_place()
        if self._sizes_next < len(self._sizes):
            self._sizes_queued = True
            QTimer.singleShot(0, self._read_more_sizes)

    def _read_sizes(self, pages) -> bool:
        """Read the sizes of *pages* not read yet; True when one differs from its guess."""
        changed = False
        for index in pages:
            if not self._size_read[index]:
                self._size_read[index] = 1
                size = self._doc.page(index).size()
                changed |= size != self._sizes[index]
                self._sizes[index] = size
        return changed

    def _size_visible_pages(self) -> None:
        """The pages in view get their own sizes before they are drawn (the view stays put)."""
        for _ in range(4):   # a page that grew or shrank may bring others into view
            if not self._read_sizes(self._visible_pages()):
                return
            self._relayout_in_place()

    def _relayout_in_place(self) -> None:
        here = self.location()
        self._relayout()
        self.verticalScrollBar().setValue(round(self._tops[here.page] + here.y * self._scale()))
        self._on_scrolled()

    def all_visible_rendered(self) -> bool:
        return bool(self._sizes) and all(
            self._cached(i) is not None or i in self._failed for i in self._visible_pages())

    def _render(self, index: int) -> None:
        bucket = self._bucket()
        try:   # capped at max_page_pixels: a 14,400 pt page renders coarser and is drawn scaled
            page = self._doc.page(index).render(bucket / 100, 1.0, self.max_page_pixels, night=self._night)
        except PageError as exc:
            logger.warning("%s", exc)
            self._failed[index] = str(exc)
            self.page_problem.emit(str(exc))
            return
        if page.incomplete and index not in self._partial:
            self._partial.add(index)
            self.page_problem.emit(f"Page {index + 1} is damaged and only partly shown.")
        image = QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()
        if self._layout.rotation:
            image = image.transformed(QTransform().rotate(self._layout.rotation))
        # A capped page is drawn scaled up to its place; otherwise 1:1 in device pixels.
        image.setDevicePixelRatio(self.devicePixelRatioF() * page.scale / (bucket / 100))
        self._store((index, bucket), image)

    def _store(self, key: tuple[int, int], image: QImage) -> None:
        self._cache[key] = image
        self._cache_pixels += image.width() * image.height()
        ratio = self.devicePixelRatioF()
        screens = CACHE_SCREENS * self.viewport().width() * self.viewport().height() * ratio * ratio
        budget, keep = min(CACHE_PIXELS, screens), {(i, key[1]) for i in self._visible_pages()} | {key}
        for old_key in list(self._cache):   # least recently drawn first
            if self._cache_pixels <= budget:
                break
            if old_key not in keep:
                old = self._cache.pop(old_key)
                self._cache_pixels -= old.width() * old.height()

    def cache_size(self) -> int:
        """Number of rendered page images held (bounded; see CACHE_PIXELS)."""
        return len(self._cache)

    # -- text selection ------------------------------------------------------------------------
    def _page_words(self, index: int) -> list:
        return _cached_per_page(self._words, index, self._doc.page(index).words)

    def _page_links(self, index: int) -> list[Link]:
        """Internal links of a page, read once (the mouse asks on every move)."""
        return _cached_per_page(self._links, index, self._doc.page(index).links)

    def _select(self, start: tuple[int, QPointF], end: tuple[int, QPointF]) -> None:
        (p0, a), (p1, b) = sorted([start, end], key=lambda s: (s[0], s[1].y()))
        chosen = []
        for page in range(p0, p1 + 1):
            for word in self._page_words(page):
                x0, y0, x1, y1, text = word[:5]
                mid = (y0 + y1) / 2
                after_start = page > p0 or (mid > a.y() and not (y0 <= a.y() <= y1 and x1 < a.x())) \
                    or (y0 <= a.y() <= y1 and x1 >= a.x())
                before_end = page < p1 or (mid < b.y() and not (y0 <= b.y() <= y1 and x0 > b.x())) \
                    or (y0 <= b.y() <= y1 and x0 <= b.x())
                if after_start and before_end:
                    chosen.append((page, word))
        self._set_selection(chosen)

    def _set_selection(self, chosen: list[tuple[int, tuple]]) -> None:
        """Select these (page, word) pairs, in reading order."""
        self._selection, words_out = [], []
        for page, word in chosen:
            self._selection.append((page, tuple(word[:4])))
            kept = self._without_markers(page, word)
            if kept:                 # (a marker standing alone is left out)
                words_out.append((page, word[5], word[6], kept))
        self._selected_text = _join_words(words_out)
        self.viewport().update()

    def _select_unit(self, pos: QPointF, unit: str) -> None:
        """Select the word (double-click) or the line (triple-click) under *pos*."""
        hit = self.to_page(pos)
        word = selection.word_at(self._page_words(hit[0]), hit[1].x(), hit[1].y()) if hit else None
        if word is None:
            return
        words = [word] if unit == "word" else selection.line_of(self._page_words(hit[0]), word)
        self._set_selection([(hit[0], w) for w in words])
        self._offer_selection()

    def select_all(self) -> None:
        """Edit > Select All: every word of the page at the top of the view (a page, not the
        document: a 300-page report would be read whole for one keystroke)."""
        if self._doc is not None and self._sizes:
            page = self.current_page()
            self._set_selection([(page, w) for w in self._page_words(page)])

    def _without_markers(self, page: int, word) -> str:
        """A selected word's text without the note markers printed in it ("tuberculosis,1")."""
        x0, y0, x1, y1, text = word[:5]
        holes = [m.rect for m in self._markers.get(page, ())
                 if m.rect[0] < x1 and x0 < m.rect[2] and m.rect[1] < y1 and y0 < m.rect[3]]
        if not holes:
            return text
        kept = self._doc.page(page).text_outside((x0, y0, x1, y1), holes) if self._doc is not None else None
        return text if kept is None else kept

    def selected_text(self) -> str:
        return self._selected_text

    def copy_selection(self) -> None:
        """Copy the selection as text to paste: paragraphs whole (lines joined, words broken
        at a line end mended, ligatures spelt out) and without note markers."""
        if self._selected_text and self._doc is not None:
            vocabulary = vocabulary_of(self._doc, self.selected_pages())
            QGuiApplication.clipboard().setText(clean_copy(self._selected_text, vocabulary))

    def selected_areas(self) -> list[tuple[int, tuple]]:
        """The selected words as (0-based page, rect in points), in reading order."""
        return list(self._selection)

    def selected_pages(self) -> list[int]:
        return sorted({page for page, _rect in self._selection})

    @Slot()
    def copy_with_citation(self) -> None:
        """Ask for the selection to be copied with the document's symbol and page."""
        if self._selected_text:
            self.copy_with_citation_requested.emit(self._selected_text, self.selected_pages())

    def contextMenuEvent(self, event) -> None:
        if not self._selected_text:
            super().contextMenuEvent(event)
            return
        menu = QMenu(self)
        menu.addAction("Copy", self.copy_selection)
        menu.addAction("Copy with Citation", self.copy_with_citation)
        menu.addAction("Highlight", self.highlight_requested.emit)
        menu.addAction("Underline", self.underline_requested.emit)
        self.menu = menu
        menu.popup(event.globalPos())

    # -- events -------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        fit = self._fit_zoom(self._fit)
        if fit and abs(fit - self._zoom) > 1e-3:
            self.set_zoom(fit, self._fit)
        else:
            self._relayout()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.1 ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        vbar, key = self.verticalScrollBar(), event.key()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif key == Qt.Key.Key_Home and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.go_to_page(0)
        elif key == Qt.Key.Key_End:
            self.go_to_page(len(self._sizes) - 1)
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            vbar.setValue(vbar.value() + int(self.viewport().height() * 0.9))
        elif key == Qt.Key.Key_PageUp:
            vbar.setValue(vbar.value() - int(self.viewport().height() * 0.9))
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not event.modifiers():
            vbar.setValue(vbar.value() + (40 if key == Qt.Key.Key_Down else -40))
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            marker = self._marker_at(event.position())
            if marker is not None:
                self.marker_activated.emit(marker.payload)
                return
            link = self._link_at(event.position())
            if link is not None:
                self._follow(link)
                return
            if self._is_triple_click(event.position()):
                self._select_unit(event.position(), "line")
                return
            self._select_from = self.to_page(event.position())
            self._selection, self._selected_text = [], ""
            self.viewport().update()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._select_from and event.buttons() & Qt.MouseButton.LeftButton:
            here = self.to_page(pos)
            if here:
                self._select(self._select_from, here)
            return
        marker = self._marker_at(pos)
        if marker is not self._hover:
            self._hover = marker
            self.viewport().update()
            if marker is None:
                self.marker_left.emit()
            else:
                self.marker_hovered.emit(marker.payload, self.viewport().mapToGlobal(pos.toPoint()))
        live = marker is not None or self._link_at(pos) is not None
        self.viewport().setCursor(QCursor(Qt.CursorShape.PointingHandCursor if live else Qt.CursorShape.IBeamCursor))

    def mouseReleaseEvent(self, event) -> None:
        self._select_from = None
        self._offer_selection()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        live = self._marker_at(event.position()) is not None or self._link_at(event.position()) is not None
        if event.button() != Qt.MouseButton.LeftButton or live:
            super().mouseDoubleClickEvent(event)
            return
        self._select_unit(event.position(), "word")
        self._select_from = None       # the button still down does not drag from here
        self._double_click = (time.monotonic(), event.position())

    def _is_triple_click(self, pos: QPointF) -> bool:
        """A press soon after a double-click, where it was: the third click of a triple-click."""
        if self._double_click is None:
            return False
        at, where = self._double_click
        self._double_click = None
        near = QGuiApplication.styleHints().startDragDistance()
        soon = QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000
        return time.monotonic() - at <= soon and (pos - where).manhattanLength() <= near

    def _offer_selection(self) -> None:
        """The selection as X11's primary selection (middle-click pastes it), where there is one."""
        if self._selected_text:
            clipboard = QGuiApplication.clipboard()
            if clipboard.supportsSelection():
                clipboard.setText(self._selected_text, clipboard.Mode.Selection)

    def leaveEvent(self, event) -> None:
        if self._hover is not None:
            self._hover = None
            self.viewport().update()
            self.marker_left.emit()
        super().leaveEvent(event)

    def _marker_at(self, pos: QPointF) -> Marker | None:
        hit = self.to_page(pos)
        if hit is None:
            return None
        page, pt = hit
        for marker in self._markers.get(page, ()):
            x0, y0, x1, y1 = marker.rect
            if x0 - 2 <= pt.x() <= x1 + 2 and y0 - 2 <= pt.y() <= y1 + 2:
                return marker
        return None

    def _link_at(self, pos: QPointF) -> dict | None:
        hit = self.to_page(pos)
        if hit is None or self._doc is None:
            return None
        page, pt = hit
        return next((link for link in self._page_links(page) if link.contains(pt.x(), pt.y())), None)

    def _follow(self, link: Link) -> None:
        self.go_to(Location(link.page, max(0.0, link.y - 20)))

    @Slot(int)
    def _on_scrolled(self, _value: int = 0) -> None:
        page = self.current_page()
        if page != self._last_page:
            self._last_page = page
            self.page_changed.emit(page)
        visible = self._visible_pages()
        if visible != self._last_visible:
            self._last_visible = visible
            self.visible_pages_changed.emit(visible)
        self.viewport().update()

    def sizeHint(self) -> QSize:
        return QSize(900, 1000)


def _fill(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """painter.fillRect(rect, colour), the same pixels, for what the first paint draws: the
    overloads of fillRect make PySide6 build QGradient and its 169 presets (1.7 ms) to choose."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRect(rect)
    painter.restore()


def _cached_per_page(cache: OrderedDict, index: int, read, keep: int = 8) -> list:
    """``read()`` for page *index*, remembered for the last *keep* pages (the page says [] if unreadable)."""
    if index not in cache:
        cache[index] = read()
        while len(cache) > keep:
            cache.popitem(last=False)
    return cache[index]


def _bisect(tops: list[float], y: float) -> int:
    lo, hi = 0, len(tops)
    while lo < hi:
        mid = (lo + hi) // 2
        if tops[mid] <= y:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _join_words(words: list[tuple[int, int, int, str]]) -> str:
    """Words as text: a space within a line, a line break between lines, a blank line
    between blocks (MuPDF's blocks are paragraphs; Copy keeps them apart)."""
    out, last = [], None
    for page, block, line, text in words:
        if last is not None:
            out.append(" " if last == (page, block, line) else "\n" if last[:2] == (page, block) else "\n\n")
        out.append(text)
        last = (page, block, line)
    return "".join(out)
