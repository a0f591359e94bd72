"""Draw the README's side-by-side picture: a resolution next to the seed letter, light theme.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/split_screenshot.py docs/side-by-side.png

The real window, offscreen, on a temporary settings folder; View > Split Side by Side is
triggered as the menu does, the letter opened in the right view (it has the focus, so the
Notes panel shows its notes), and the window saved with the app's own ``save_png``.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from reader.core.paths import Paths, samples_dir
from reader.gui import theme
from reader.gui.application import save_png
from reader.gui.mainwindow import MainWindow

SIZE = (1400, 860)
LEFT, RIGHT = "un_A_RES_78_5.pdf", "un-letter-2025-04-01.md"


def turn(app: QApplication) -> None:
    """One turn of the event loop, widgets deleted later included (as app.exec() would)."""
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    time.sleep(0.01)


def wait_for(app: QApplication, done, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise SystemExit("split_screenshot: the window was not ready in time")
        turn(app)


def main(out: Path) -> int:
    app = QApplication(sys.argv[:1])
    theme.apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as base:
        window = MainWindow(Paths.under(Path(base)))
        window.resize(*SIZE)
        for dock in (window.toc_dock, window.search_dock, window.library_dock):
            dock.hide()
        window.show()
        opened = []
        window.document_opened.connect(opened.append)
        window.open_document(samples_dir() / LEFT)
        wait_for(app, lambda: opened and window.page_view.all_visible_rendered() and not window.busy())
        left = window.page_view
        window.split_action.trigger()
        wait_for(app, lambda: len(opened) == 2)
        window.open_document(samples_dir() / RIGHT)
        wait_for(app, lambda: len(opened) == 3 and window.page_view.all_visible_rendered()
                 and left.all_visible_rendered() and not window.busy())
        wait_for(app, lambda: window.notes_panel.entries() != [])
        settle = time.monotonic() + 1.5   # the Notes panel follows the pages once they stay put
        while time.monotonic() < settle:
            turn(app)
        ok = save_png(window.grab().toImage(), out)
        window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/side-by-side.png")))
