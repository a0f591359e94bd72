"""The real main window, offscreen, with dialogs recorded instead of shown."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool

from reader.core.paths import Paths
from reader.gui import dialogs


@pytest.fixture
def errors(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text: shown.append(text))
    monkeypatch.setattr(dialogs, "ask_password", lambda parent, name, wrong: None)
    return shown


@pytest.fixture
def main_window(qtbot, tmp_path, errors):
    from reader.gui.mainwindow import MainWindow
    window = MainWindow(Paths.under(tmp_path / "ibid"))
    qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    QThreadPool.globalInstance().waitForDone(5000)


@pytest.fixture
def open_doc(main_window, qtbot):
    """Open a document in the window and wait until its visible pages are drawn."""
    def open_(path, page=None):
        with qtbot.waitSignal(main_window.document_opened, timeout=30000):
            main_window.open_document(path, page)
        qtbot.waitUntil(main_window.page_view.all_visible_rendered, timeout=10000)
        return main_window
    return open_


@pytest.fixture
def start_window(qtbot, errors):
    """Start a window on the settings folder *paths*, as one run of Ibid does; with *path*,
    open that document and wait for it. Several calls on one *paths* are quit-and-restart."""
    from reader.gui.mainwindow import MainWindow

    def start(paths: Paths, path=None, size=(1100, 800)):
        window = MainWindow(paths)
        qtbot.addWidget(window)
        if size:
            window.resize(*size)
        window.show()
        if path is not None:
            with qtbot.waitSignal(window.document_opened, timeout=30000):
                window.open_document(path)
        return window
    return start
