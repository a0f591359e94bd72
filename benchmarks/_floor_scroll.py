"""The floor for the scrolling run of benchmarks/first_page.py: the least a PySide6 + PyMuPDF
viewer does to scroll a PDF page by page, every visible page drawn at fit width.

    python benchmarks/_floor_scroll.py FILE.pdf WIDTH HEIGHT

A viewport of WIDTH x HEIGHT pixels (the size of Ibid's page view in the same run), the page gap and zoom rule as Ibid's page view (fit width at 96 dpi), the same
pixmaps (RGB, no alpha, annotations drawn), and the same loop: go to the top of each page,
then run the event loop until every visible page is drawn. It keeps only the images of the
pages in view (no cache, no text, no panels). Prints peak RSS (MB), the scrolling CPU
(user + system, s) and the width in pixels of a page image, so the two runs can be checked
to draw the same pictures.
"""
import resource
import sys

import pymupdf
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

GAP = 12                  # as reader/gui/pageview.py
PX_PER_PT = 96 / 72


class FloorView(QAbstractScrollArea):
    def __init__(self, doc: pymupdf.Document) -> None:
        super().__init__()
        self.setViewport(QWidget(self))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.doc = doc
        self.sizes = [(page.rect.width, page.rect.height) for page in doc]
        self.images: dict[int, QImage] = {}
        self.tops: list[float] = []

    def scale(self) -> float:
        return max(50, self.viewport().width() - 2 * GAP) / self.sizes[0][0]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        scale, y, self.tops = self.scale(), GAP, []
        for _w, h in self.sizes:
            self.tops.append(y)
            y += h * scale + GAP
        self.verticalScrollBar().setRange(0, max(0, int(y - self.viewport().height())))
        self.verticalScrollBar().setPageStep(self.viewport().height())
        self.images.clear()

    def visible(self) -> range:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        scale = self.scale()
        pages = [i for i, t in enumerate(self.tops) if t < bottom and t + self.sizes[i][1] * scale > top]
        return range(pages[0], pages[-1] + 1) if pages else range(0)

    def all_visible_rendered(self) -> bool:
        return all(i in self.images for i in self.visible())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor("#5f6368"))
        scale, pages = self.scale(), self.visible()
        self.images = {i: image for i, image in self.images.items() if i in pages}
        for i in pages:
            if i not in self.images:
                pix = self.doc[i].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False,
                                             colorspace=pymupdf.csRGB, annots=True)
                self.images[i] = QImage(pix.samples, pix.width, pix.height, pix.stride,
                                        QImage.Format.Format_RGB888).copy()
            x = (self.viewport().width() - self.images[i].width()) / 2
            painter.drawImage(QPointF(round(x), round(self.tops[i] - self.verticalScrollBar().value())),
                              self.images[i])
        painter.end()


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    app = QApplication(sys.argv[:1])
    view = FloorView(pymupdf.open(sys.argv[1]))
    view.show()
    frame = view.size() - view.viewport().size()
    view.resize(int(sys.argv[2]) + frame.width(), int(sys.argv[3]) + frame.height())
    while not view.tops or not view.all_visible_rendered():
        app.processEvents()
    start = cpu()
    for page in range(len(view.sizes)):
        view.verticalScrollBar().setValue(round(view.tops[page] - GAP))
        while not view.all_visible_rendered():
            app.processEvents()
    app.processEvents()
    spent = cpu() - start
    width = next(iter(view.images.values())).width()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, f"{spent:.2f}", width)
    return 0


if __name__ == "__main__":
    sys.exit(main())
