"""What the window tests of tests/gui share: input as a user gives it."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def drag(view, start: QPointF, end: QPointF) -> None:
    """Press, move and release the left button on *view*'s page, as a reader selects words."""
    viewport = view.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, pos, button, buttons in ((QEvent.Type.MouseButtonPress, start, left, left),
                                       (QEvent.Type.MouseMove, end, none, left),
                                       (QEvent.Type.MouseButtonRelease, end, left, none)):
        QApplication.sendEvent(viewport, QMouseEvent(kind, pos, viewport.mapToGlobal(pos), button, buttons,
                                                     Qt.KeyboardModifier.NoModifier))


def hover_marker(window, qtbot, entry) -> None:
    """Rest the mouse on the first marker of note *entry* until its popup shows it."""
    view = window.page_view
    ref = entry.refs[0]
    view.reveal(ref.page, ref.rect, record=False)
    qtbot.waitUntil(view.all_visible_rendered, timeout=10000)
    QTest.mouseMove(view.viewport(), view.to_view(ref.page, ref.rect).center().toPoint())
    qtbot.waitUntil(lambda: window.footnote_popup.isVisible() and window.footnote_popup.entry == entry)


def point_at(browser, text: str) -> QPoint:
    """The middle of the first character of *text* in *browser*, in its viewport."""
    found = browser.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    return browser.cursorRect(cursor).center()


def count_opens(monkeypatch) -> tuple[list, list, list]:
    """Lists that fill as the window works: (children it starts, files MuPDF opens here,
    Markdown/HTML/text laid out here)."""
    import pymupdf

    from reader.core import reflow
    from reader.gui.jobs import CliJob
    started, opened, laid_out = [], [], []
    real_start, real_open, real_layout = CliJob.start, pymupdf.open, reflow.layout_html
    monkeypatch.setattr(CliJob, "start", lambda job: started.append(job.args) or real_start(job))
    monkeypatch.setattr(pymupdf, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    monkeypatch.setattr(reflow, "layout_html", lambda *a, **k: laid_out.append(a) or real_layout(*a, **k))
    return started, opened, laid_out
