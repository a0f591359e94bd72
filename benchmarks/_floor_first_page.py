"""The floor for benchmarks/first_page.py: the least a PySide6 + PyMuPDF program does to show page 1."""
import sys

import pymupdf
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QScrollArea


def main() -> int:
    app = QApplication(sys.argv[:1])
    doc = pymupdf.open(sys.argv[1])
    pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(1.5, 1.5), alpha=False)
    image = QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888).copy()
    window = QMainWindow()
    area = QScrollArea()
    label = QLabel()
    label.setPixmap(QPixmap.fromImage(image))
    area.setWidget(label)
    window.setCentralWidget(area)
    window.resize(1200, 860)
    window.show()

    def shoot() -> None:
        window.grab().save(sys.argv[2], "PNG")
        app.quit()

    QTimer.singleShot(0, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
