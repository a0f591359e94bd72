"""Drive the real main window: open, scroll, zoom, find, bad files, state across runs."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from reader.core.paths import Paths


def test_seed_letter_opens_laid_out_in_pages(open_doc, seed, errors):
    window = open_doc(seed)
    assert window.document.format == "markdown"
    assert window.page_view.page_count() >= 3
    assert window.page_total.text().strip() == f"of {window.page_view.page_count()}"
    assert "un-letter" in window.windowTitle() or "Letter" in window.windowTitle()
    assert errors == []


def test_keys_scroll_and_page_box_follows(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: window.page_box.value() == view.page_count())
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: window.page_box.value() == 1)
    before = view.verticalScrollBar().value()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.verticalScrollBar().value() > before
    window.page_box.setValue(5)
    qtbot.waitUntil(lambda: view.current_page() == 4)


def test_zoom_keys_and_fit(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    window.page_view.set_zoom(1.0)
    window.zoom_in_action.trigger()
    assert view.zoom() > 1.0
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    assert view.zoom() < 1.0
    window.fit_width_action.trigger()
    page_width = view.page_rect(view.current_page()).width()
    assert abs(page_width - (view.viewport().width() - 24)) < 3
    assert window.zoom_box.currentText() == "Fit width"
    qtbot.waitUntil(view.all_visible_rendered)


def test_find_highlights_every_hit_and_f3_moves(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    window.find_action.trigger()
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "tuberculosis")
    qtbot.waitUntil(lambda: not window.find_bar.searching() and window.find_bar.hit_count() > 10, timeout=10000)
    hits = window.page_view._hits
    assert len(hits) >= 5                      # several pages carry hits
    first = window.find_bar._current
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_F3)
    assert window.find_bar._current == first + 1
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.find_bar._current == first


def test_text_selection_copies_words(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    view.set_fit("width")
    rect = view.page_rect(0)
    top_left = QPoint(int(rect.x() + rect.width() * 0.1), int(rect.y() + rect.height() * 0.05))
    bottom_right = QPoint(int(rect.x() + rect.width() * 0.9), int(rect.y() + rect.height() * 0.30))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=top_left)
    qtbot.mouseMove(view.viewport(), bottom_right)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=bottom_right)
    assert "General Assembly" in view.selected_text()


def test_clicking_an_internal_link_goes_to_its_page_and_back_returns(open_doc, qtbot, tmp_path):
    import pymupdf
    pdf = pymupdf.open()
    for number in range(1, 6):
        pdf.new_page().insert_text((72, 72), f"Section {number}", fontsize=18)
    pdf[0].insert_text((72, 140), "See section 4.", fontsize=14)
    pdf[0].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(72, 125, 180, 145), "page": 3,
                        "to": pymupdf.Point(72, 72)})
    pdf.save(tmp_path / "linked.pdf")
    window = open_doc(tmp_path / "linked.pdf")
    view = window.page_view
    link = view.to_view(0, (100, 130, 110, 140)).center().toPoint()
    assert view.viewport().cursor().shape() != Qt.CursorShape.PointingHandCursor
    qtbot.mouseMove(view.viewport(), link)
    qtbot.waitUntil(lambda: view.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=link)
    qtbot.waitUntil(lambda: view.current_page() == 3)
    window.back_action.trigger()
    qtbot.waitUntil(lambda: view.current_page() == 0)
    off_link = view.to_view(0, (300, 300, 310, 310)).center().toPoint()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=off_link)
    assert view.current_page() == 0


def test_corrupt_file_shows_message_and_window_stays(main_window, qtbot, tmp_path, errors, data_file):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with qtbot.waitSignal(main_window.open_failed, timeout=10000):
        main_window.open_document(bad)
    assert len(errors) == 1 and "broken.pdf" in errors[0]
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    main_window.open_document(empty)
    assert "empty" in errors[-1]
    main_window.open_document(tmp_path / "missing.pdf")
    assert "does not exist" in errors[-1]
    errors.clear()
    with qtbot.waitSignal(main_window.document_opened, timeout=10000):
        main_window.open_document(data_file("un_A_RES_78_5.pdf"))


def test_recent_files_and_position_survive_restart(qtbot, tmp_path, errors, data_file):
    from reader.gui.mainwindow import MainWindow
    pdf = data_file("un_A_RES_78_5.pdf")
    paths = Paths.under(tmp_path / "ibid")
    first = MainWindow(paths)
    qtbot.addWidget(first)
    first.show()
    with qtbot.waitSignal(first.document_opened):
        first.open_document(pdf)
    first.page_view.go_to_page(6)
    first.close()
    second = MainWindow(paths)
    qtbot.addWidget(second)
    second.show()
    assert Path(second.recent_menu.actions()[0].data()) == pdf.resolve()
    with qtbot.waitSignal(second.document_opened):
        second.recent_menu.actions()[0].trigger()
    assert second.page_view.current_page() == 6
    second.close()


def test_open_at_page(open_doc, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"), page=3)
    assert window.page_view.current_page() == 3


def test_outline_panel_jumps(open_doc, qtbot, tmp_path):
    import pymupdf
    doc = pymupdf.open()
    for i in range(6):
        doc.new_page().insert_text((72, 72), f"Chapter {i + 1}")
    doc.set_toc([[1, f"Chapter {i + 1}", i + 1] for i in range(6)])
    path = tmp_path / "chapters.pdf"
    doc.save(path)
    window = open_doc(path)
    toc = window.toc_panel
    assert toc.topLevelItemCount() == 6
    item = toc.topLevelItem(4)
    toc.itemClicked.emit(item, 0)
    qtbot.waitUntil(lambda: window.page_view.current_page() == 4)
    window.back_action.trigger()
    qtbot.waitUntil(lambda: window.page_view.current_page() == 0)


def test_password_is_asked_and_the_right_one_opens(main_window, qtbot, tmp_path, errors, monkeypatch):
    import pymupdf

    from reader.gui import dialogs
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Confidential draft")
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pässword", owner_pw="o")
    answers = iter(["wrong", "pässword"])
    asked = []
    monkeypatch.setattr(dialogs, "ask_password", lambda parent, name, wrong: asked.append(wrong) or next(answers))
    with qtbot.waitSignal(main_window.document_opened, timeout=10000):
        main_window.open_document(path)
    assert asked == [False, True]          # the second prompt says the first was wrong
    assert errors == []


def test_dropping_a_file_opens_it(main_window, qtbot, data_file):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(data_file("un_A_RES_78_5.pdf")))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(main_window.document_opened, timeout=10000):
        main_window.dropEvent(event)
    assert main_window.document.path.name == "un_A_RES_78_5.pdf"


HIDPI_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.core.paths import Paths
from reader.gui.mainwindow import MainWindow
window = MainWindow(Paths.under(Path(sys.argv[2])))
window.show()
window.open_document(Path(sys.argv[1]))
view = window.page_view
while not view.all_visible_rendered():
    app.processEvents()
image = view._cached(view.current_page())
print(view.devicePixelRatioF(), image.width(), round(view.page_rect(view.current_page()).width()))
"""


def test_pages_render_at_device_pixels_on_hidpi(tmp_path, data_file):
    import os
    import subprocess
    import sys
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", HIDPI_SCRIPT, str(data_file("un_A_RES_78_5.pdf")), str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=60, check=True).stdout.split()
    ratio, pixels, logical = float(out[0]), int(out[1]), int(out[2])
    assert ratio == 2.0
    assert abs(pixels - 2 * logical) <= 4      # one image pixel per device pixel: sharp
