"""File > Print: the pages the user picks in Qt's print dialog, drawn at the printer's
resolution through the core's Page interface (``Page.render``; the GUI never reads PyMuPDF).

Each page is scaled to fit the printable area, centred, and rendered at the printer's
resolution capped at PRINT_DPI (a 1,200 dpi PDF printer would otherwise ask for 140 million
pixels a page). Pages are printed as pictures, as printed in day colours, never in night mode.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from reader.core.errors import PageError
from reader.gui import dialogs

if TYPE_CHECKING:
    from reader.core.document import Document

logger = logging.getLogger(__name__)

#: The most pixels per inch a page is rendered at for printing (300 dpi is print quality;
#: a printer that asks more gets the 300 dpi picture scaled by its driver).
PRINT_DPI = 300
#: The pixels of one printed page at most (an A0 poster at 300 dpi is ~140 M: drawn coarser).
PRINT_MAX_PIXELS = 60_000_000


def pages_to_print(printer: QPrinter, current: int, page_count: int) -> list[int]:
    """The 0-based pages the print dialog's choice on *printer* names (all, current, a range)."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current]
    if mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(page_count, printer.toPage() or page_count)
        return list(range(first - 1, last))
    return list(range(page_count))


class Printer(QObject):
    #: Something to tell the user in the status bar (text).
    message = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        #: The printer the dialog configures (kept: the next Print starts from the last choice).
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)

    def ask_and_print(self, doc: Document | None, current: int) -> None:
        """Ctrl+P: the print dialog, then the pages chosen."""
        if doc is None:
            self.message.emit("Open a document to print it.")
            return
        printer = self.printer
        printer.setDocName(doc.path.name)
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        printer.setFromTo(0, 0)
        if not dialogs.ask_print(self.parent(), printer, doc.page_count):
            return
        pages = pages_to_print(printer, current, doc.page_count)
        self.print_pages(doc, printer, pages)

    def print_pages(self, doc: Document, printer: QPrinter, pages: list[int]) -> None:
        """Draw *pages* of *doc* on *printer*, one sheet each; a page that cannot be drawn
        leaves its sheet blank and is said in the status bar."""
        painter = QPainter()
        if not pages or not painter.begin(printer):
            dialogs.show_error(self.parent(), f"Ibid could not print {doc.path.name}: the printer could not be opened.")
            return
        failed = []
        try:
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                if not self._draw(painter, printer, doc, index):
                    failed.append(index + 1)
        finally:
            painter.end()
        said = f"Printed {len(pages)} page{'s' if len(pages) != 1 else ''} of {doc.path.name}."
        if failed:
            said += f" Page{'s' if len(failed) > 1 else ''} {', '.join(map(str, failed))} could not be drawn."
        self.message.emit(said)

    def _draw(self, painter: QPainter, printer: QPrinter, doc: Document, index: int) -> bool:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        page = doc.page(index)
        width, height = page.size()
        fit = min(area.width() / width, area.height() / height)         # device pixels per point
        dpi = min(printer.resolution(), PRINT_DPI)
        try:
            shot = page.render(fit * dpi / printer.resolution(), 1.0, PRINT_MAX_PIXELS)
        except PageError as exc:
            logger.warning("%s", exc)
            return False
        image = QImage(shot.samples, shot.width, shot.height, shot.stride, QImage.Format.Format_RGB888)
        target = QRectF((area.width() - width * fit) / 2, (area.height() - height * fit) / 2, width * fit, height * fit)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, image)
        return True
