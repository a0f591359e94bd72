"""Start-up (issue 14): page 1 comes first, the rest of the window still fills in, and the
screenshot written at the end keeps every pixel. The time itself is measured by
benchmarks/first_page.py, not here."""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage, QPainter

from reader.gui.application import Screenshot, StartUp, colour_counts, save_png

ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def _unfreeze():
    """StartUp freezes what exists when page 1 is drawn (gc.freeze); the test session goes on."""
    yield
    gc.unfreeze()


def _picture(width: int, height: int) -> QImage:
    """Flat areas (many identical rows), a gradient, and an odd width: what a window looks like."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#5f6368"))
    painter = QPainter(image)
    painter.fillRect(QRect(3, 2, width // 2, height // 3), QColor("white"))
    for x in range(0, width, 3):
        painter.fillRect(QRect(x, height // 2, 3, 4), QColor(x % 256, 40, 255 - x % 256))
    painter.setPen(QColor("black"))
    painter.drawText(QPoint(5, height - 5), "Ibid 78/5")
    painter.end()
    return image


def _pixels(image: QImage) -> Counter:
    return Counter(image.pixel(x, y) & 0xFFFFFF for y in range(image.height()) for x in range(image.width()))


def test_colour_counts_are_those_of_counting_pixel_by_pixel(qapp):
    for width, height in ((101, 37), (120, 40), (1, 1)):
        image = _picture(width, height)
        counts = colour_counts(image)
        assert {colour & 0xFFFFFF: n for colour, n in counts.items()} == _pixels(image)
        assert sum(counts.values()) == width * height


def test_screenshot_png_has_a_palette_and_every_pixel_of_the_window(tmp_path, qapp):
    image = _picture(301, 97)
    assert save_png(image, tmp_path / "shot.png")
    saved = QImage(str(tmp_path / "shot.png"))
    assert saved.format() == QImage.Format.Format_Indexed8    # a window's few colours: the small PNG
    assert saved.convertToFormat(QImage.Format.Format_RGB32) == image


def test_the_library_tab_fills_in_once_the_first_page_is_drawn(main_window, qtbot, tmp_path, data_file):
    folder = tmp_path / "papers"
    folder.mkdir()
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "A memo on the economics of small marsupials.")
    pdf.save(folder / "memo.pdf")
    subprocess.run([sys.executable, "-m", "reader", "index", "add", str(folder), *main_window.paths.cli_args()],
                   cwd=ROOT, check=True, capture_output=True, timeout=100)
    window = main_window
    StartUp(window, library=True)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(data_file("un_A_RES_78_5.pdf"))
    assert not window.library_tab_made()                       # nothing made or read before page 1 is drawn
    qtbot.waitUntil(lambda: window.library_tab_made() and window.document_list.entries() != [], timeout=30000)
    assert window.page_view.all_visible_rendered()
    assert [Path(p).name for entry in window.document_list.entries() for p in entry.paths] == ["memo.pdf"]
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:   # then the index update
        pass
    assert done.args[0] == 0, done.args[1]
    assert folder in window.folders_panel.folders()


def test_the_library_is_read_without_a_page_to_wait_for(main_window, qtbot, monkeypatch):
    from reader.gui import application
    monkeypatch.setattr(application, "FIRST_PAGE_WAIT_MS", 10)
    StartUp(main_window, library=True)         # no document is opened: the list is read all the same
    qtbot.waitUntil(lambda: main_window.library_tab_made() and not main_window.document_list.loading(), timeout=30000)
    assert main_window.document_list.latest_request() == 1
    assert "No documents yet" in main_window.document_list.status.text()
    with qtbot.waitSignal(main_window.library.indexing_finished, timeout=90000):
        pass


def test_screenshot_waits_for_the_library_only_when_it_shows_it(main_window, qtbot, tmp_path):
    """Behind its tab the Library does not hold up page 1's picture; on show, the picture has its list."""
    window = main_window
    shooter = Screenshot(window, tmp_path / "shot.png", None)
    assert shooter._library_ready() and not window.library_tab_made()     # behind the Outline tab
    window.library_dock.raise_()                           # the user's Library tab at the front
    qtbot.waitUntil(lambda: not window.library_dock.widget().visibleRegion().isEmpty())
    assert not shooter._library_ready()                    # on show: read first
    qtbot.waitUntil(shooter._library_ready, timeout=30000)
    assert "No documents yet" in window.document_list.status.text()


def test_garbage_collection_is_on_again_once_the_first_page_is_drawn(main_window, qtbot, data_file):
    gc.disable()                               # as `ibid` does while its modules load
    try:
        start = StartUp(main_window, library=False)
        with qtbot.waitSignal(start.first_page_shown, timeout=30000):
            main_window.open_document(data_file("un_A_RES_78_5.pdf"))
        assert gc.isenabled() and main_window.page_view.all_visible_rendered()
        assert not main_window.library_tab_made()   # a screenshot leaves the library alone
    finally:
        gc.enable()


def test_open_recent_lists_the_document_once_its_first_page_is_drawn(main_window, qtbot, data_file):
    pdf = data_file("un_A_RES_78_5.pdf")
    with qtbot.waitSignal(main_window.document_opened, timeout=30000):
        main_window.open_document(pdf)
    assert main_window.state.recent() == []            # written after page 1: two fsyncs
    qtbot.waitUntil(lambda: main_window.state.recent() == [pdf.resolve()], timeout=10000)
    assert main_window.page_view.all_visible_rendered()
    assert Path(main_window.recent_menu.actions()[0].data()) == pdf.resolve()


def test_open_recent_keeps_a_document_closed_at_once(main_window, qtbot, data_file):
    pdf = data_file("un_A_RES_78_5.pdf")
    with qtbot.waitSignal(main_window.document_opened, timeout=30000):
        main_window.open_document(pdf)
    main_window.close()                                   # before page 1 was even drawn
    assert main_window.state.recent() == [pdf.resolve()]


def _mixed_sizes_pdf(path: Path) -> Path:
    """A report whose pages are not all the size of page 1: A4, a run of US Letter, two
    landscape tables and a small slip, each page saying its number."""
    sizes = [(595, 842)] * 3 + [(612, 792)] * 60 + [(842, 595)] * 2 + [(595, 842)] * 120 + [(420, 298)] + [(595, 842)] * 60
    pdf = pymupdf.open()
    for number, (width, height) in enumerate(sizes, 1):
        pdf.new_page(width=width, height=height).insert_text((40, 60), f"Page {number}", fontsize=20)
    pdf.save(path)
    return path


def test_every_page_is_drawn_at_its_own_size_and_only_page_1_is_measured_first(main_window, qtbot, tmp_path,
                                                                                 monkeypatch):
    from reader.core.pages import Page
    pdf = _mixed_sizes_pdf(tmp_path / "mixed.pdf")
    measured: list[int] = []
    real_size = Page.size
    monkeypatch.setattr(Page, "size", lambda page: measured.append(page.index) or real_size(page))
    view = main_window.page_view
    with qtbot.waitSignal(view.rendering_finished, timeout=30000):
        main_window.open_document(pdf)
    assert len(measured) < 5, measured     # page 1 is drawn without reading 246 page boxes first
    truth = pymupdf.open(pdf)
    qtbot.waitUntil(lambda: len(set(measured)) == truth.page_count, timeout=10000)   # then all, a few per turn
    for index in (0, 3, 63, 64, 185, 245):
        rect, page = view.page_rect(index), truth[index].rect
        assert abs(rect.width() / rect.height() - page.width / page.height) < 0.01, index
    tops = [view.page_rect(i).top() for i in range(truth.page_count)]
    assert all(b > a for a, b in zip(tops, tops[1:]))   # laid out one below the other, none overlapping
    assert all(view.page_rect(i).bottom() < view.page_rect(i + 1).top() for i in range(truth.page_count - 1))


def test_a_page_far_in_keeps_its_place_while_the_sizes_before_it_are_read(main_window, qtbot, tmp_path):
    """Opening at page 200 (a saved position, Go to Page) before the landscape pages above it are
    measured: once they are, the same page is still at the top of the view."""
    from reader.gui import pageview
    pdf = _mixed_sizes_pdf(tmp_path / "mixed.pdf")
    view = main_window.page_view
    with qtbot.waitSignal(view.rendering_finished, timeout=30000):
        main_window.open_document(pdf, 199)
    top = view.page_rect(199).top()                        # page 200 from its top edge, below the gap
    assert view.current_page() == 199 and 0 < top <= pageview.GAP
    qtbot.waitUntil(lambda: not view._sizes_queued and view._sizes_next == view.page_count(), timeout=10000)
    assert view.page_rect(63).width() > view.page_rect(62).width()    # the landscape pages above are measured
    assert view.current_page() == 199
    assert abs(view.page_rect(199).top() - top) <= 2       # still there, to the rounding of each relayout
    qtbot.waitUntil(view.all_visible_rendered, timeout=10000)


AT_FIRST_PAGE = r"""
import json, sys
from reader import app
import reader.gui.application as application
save_png = application.save_png

def save_and_tell(image, out):   # the screenshot is taken once page 1 is drawn
    import PySide6.QtCore, PySide6.QtWidgets
    built = {*vars(PySide6.QtCore), *vars(PySide6.QtWidgets)}   # PySide6 builds a class on first use
    print(json.dumps({"modules": sorted(sys.modules), "classes": sorted(n for n in built if n.startswith("Q"))}))
    return save_png(image, out)

application.save_png = save_and_tell
sys.exit(app.main(sys.argv[1:]))
"""


def test_what_waits_until_page_1_is_drawn(tmp_path, data_file):
    """Start-up loads what page 1 needs and no more: the library's search index and its tab,
    the child processes' machinery, the note model and the dialogs come later (benchmarks/first_page.py
    measures the time; this keeps what was deferred deferred)."""
    run = subprocess.run([sys.executable, "-c", AT_FIRST_PAGE, str(data_file("un_A_RES_78_5.pdf")),
                          "--basedir", str(tmp_path / "base"), "--screenshot", str(tmp_path / "shot.png"), "--notes", "hide"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    state = json.loads(run.stdout.splitlines()[-1])
    assert "reader.gui.pageview" in state["modules"] and "QMainWindow" in state["classes"]   # the probe works
    early = {"whoosh", "index", "reader.gui.jobs", "reader.core.sandbox", "reader.core.notes", "reader.gui.shortcuts",
             "reader.gui.documentlist", "subprocess", "heapq", "hashlib"} & set(state["modules"])
    assert early == set()
    # (QStyle: its Python enums cost 5 ms; the toolbar's arrows are drawn, not the style's)
    assert {"QMessageBox", "QFileDialog", "QInputDialog", "QProcess", "QStyle"} & set(state["classes"]) == set()
    assert QImage(str(tmp_path / "shot.png")).width() == 1200    # and the picture was written
