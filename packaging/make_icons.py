"""Render resources/icons/ibid.svg to the PNG sizes desktops ask for (ibid-<size>.png).

Run after editing the SVG:  .venv/bin/python packaging/make_icons.py
The PNGs are committed, so neither a build nor the app needs an SVG renderer for them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841  (QPainter wants a GUI application)
    renderer = QSvgRenderer(str(ICONS / "ibid.svg"))
    if not renderer.isValid():
        print("make_icons: ibid.svg is not valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        out = ICONS / f"ibid-{size}.png"
        if not render(renderer, size).save(str(out), "PNG"):
            print(f"make_icons: could not write {out}", file=sys.stderr)
            return 1
        print(out.relative_to(ICONS.parents[1]), out.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
