"""What a new user met in the window (issue 19, defects 14-18): the real window, offscreen,
driven by clicks and keys."""
from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
from gui_helpers import drag, hover_marker, point_at
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTabBar

from reader.core.document import Document
from reader.gui.dialogs import clip

DATA = Path(__file__).parents[1] / "data"


def _click_tab(window, qtbot, text: str) -> None:
    """Click the dock tab titled *text* (Outline, Search, Library, Notes…)."""
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.tabText(i) == text and bar.isVisible():
                QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                return
    raise AssertionError(f"no tab {text!r}")


def _in_front(dock) -> bool:
    """True when *dock* is the tab shown in its dock area (tabs behind have nothing on screen)."""
    return not dock.visibleRegion().isEmpty()


def _fully_shown_rows(view) -> int:
    area = view.viewport().rect()
    return sum(area.contains(view.visualItemRect(view.item(i))) for i in range(view.count()))


def test_a_document_opened_from_the_library_keeps_the_library_in_front(main_window, qtbot, tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    for pdf in sorted(DATA.glob("*.pdf")):
        shutil.copyfile(pdf, folder / pdf.name)
    window = main_window
    _click_tab(window, qtbot, "Library")
    documents = window.document_list
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(folder)
    qtbot.waitUntil(lambda: len(documents.entries()) >= 10, timeout=20000)
    # The documents get most of the tab's height; the one folder below needs little.
    tab = window.library_dock.widget()
    assert documents.list.height() >= 0.6 * tab.height()
    assert _fully_shown_rows(documents.list) >= 8
    # Double-clicking a document opens it; the Library tab stays in front, not Search.
    rect = documents.list.visualItemRect(documents.list.item(1))
    QTest.mouseClick(documents.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        QTest.mouseDClick(documents.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(window.page_view.all_visible_rendered, timeout=10000)
    assert _in_front(window.library_dock) and not _in_front(window.search_dock)
    # With another tab in front, opening a document picks Outline or Search as before.
    _click_tab(window, qtbot, "Outline")
    assert not _in_front(window.library_dock)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(DATA / "un_A_RES_78_5.pdf")
    assert _in_front(window.search_dock)


def _menu_action(window, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == menu_title)
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_cancel_indexing_is_enabled_only_while_indexing(main_window, qtbot, tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    for name in ("un_A_RES_78_5.pdf", "un_A_80_L.23.pdf"):
        shutil.copyfile(DATA / name, folder / name)
    cancel = _menu_action(main_window, "Library", "Cancel Indexing")
    assert not cancel.isEnabled()          # nothing to cancel at start
    with qtbot.waitSignal(main_window.library.indexing_finished, timeout=90000):
        main_window.library.add_folder(folder)
        assert cancel.isEnabled()          # the child runs
    assert not cancel.isEnabled()
    _menu_action(main_window, "Library", "Update Index").trigger()
    assert cancel.isEnabled()
    with qtbot.waitSignal(main_window.library.indexing_finished, timeout=10000) as done:
        cancel.trigger()
    assert done.args[1] == "cancelled" and not cancel.isEnabled()


def test_a_zoom_chosen_on_one_document_does_not_cut_the_next_off(open_doc, qtbot):
    window = open_doc(DATA / "un-letter-2025-04-01.md")    # a narrow page (Markdown, reflowed)
    view = window.page_view
    line = window.zoom_box.lineEdit()
    QTest.mouseClick(line, Qt.MouseButton.LeftButton)     # the zoom box, then type 90 % and Enter
    qtbot.waitUntil(line.hasFocus)
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(line, "90%")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert view.fit_mode() == "none" and abs(view.zoom() - 0.9) < 1e-3
    open_doc(DATA / "un_A_RES_78_5.pdf")                    # a Letter page, wider at 90 %
    page = view.page_rect(view.current_page())
    assert page.left() >= 0 and page.right() <= view.viewport().width()   # the whole width shows
    assert view.horizontalScrollBar().maximum() == 0
    assert window.zoom_box.currentText() == "Fit width"


def _search(window, qtbot, query: str) -> None:
    """Type *query* into the Search tab and press Enter; wait for the results."""
    panel = window.search_panel
    _click_tab(window, qtbot, "Search")
    QTest.mouseClick(panel.edit, Qt.MouseButton.LeftButton)
    QTest.keyClick(panel.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(panel.edit, query)
    QTest.keyClick(panel.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.status.text() != "Searching…", timeout=10000)
    assert panel.result_count() > 0, panel.status.text()


def _click_first_hit(window, qtbot) -> None:
    results = window.search_panel.results
    rect = results.visualItemRect(results.topLevelItem(0).child(0))
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_new_search_leaves_no_stale_highlights_or_cited_by_line(open_doc, qtbot, tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    for name in ("un_A_RES_78_5.pdf", "un-letter-2025-04-01.md"):
        shutil.copyfile(DATA / name, folder / name)
    window = open_doc(folder / "un_A_RES_78_5.pdf")
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(folder)
    panel, view = window.search_panel, window.page_view
    qtbot.waitUntil(panel.cited_by.isVisible, timeout=20000)
    assert "A/RES/78/5" in panel.cited_by.text()
    _search(window, qtbot, "tuberculosis")
    _click_first_hit(window, qtbot)
    qtbot.waitUntil(lambda: bool(view.hits()), timeout=10000)     # the hits of the question asked
    _search(window, qtbot, "Azerbaijan")                            # a new question
    assert view.hits() == {}                                        # the old answer's highlights go
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        _click_first_hit(window, qtbot)                             # the letter: not A/RES/78/5
    assert not panel.cited_by.isVisible() or "A/RES/78/5" not in panel.cited_by.text()
    assert view.hits() and window.document.path.name == "un-letter-2025-04-01.md"


def _assert_fits(popup, label: str) -> None:
    line = popup.body.fontMetrics().height()
    text = popup.body.document().size().height()   # laid out at the width shown
    assert popup.body.height() - text < line / 2, label                    # no blank lines below the note
    assert popup.height() - popup.body.geometry().bottom() < line, label   # nor below the body
    assert popup.body.verticalScrollBar().maximum() == 0, label            # and none cut off


def test_the_note_popup_is_as_tall_as_its_note(open_doc, qtbot):
    window = open_doc(DATA / "un-letter-2025-04-01.md")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    notes = {e.label: e for e in window.footnotes.entries}
    popup = window.footnote_popup
    for label in ("2", "3", "1"):      # three, four and eight lines
        hover_marker(window, qtbot, notes[label])
        _assert_fits(popup, label)
    hover_marker(window, qtbot, notes["4"])                        # a long note scrolls
    assert popup.body.verticalScrollBar().maximum() > 0
    window = open_doc(DATA / "un_A_RES_78_5.pdf")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    one_line = next(e for e in window.footnotes.entries if e.label == "3")   # "Resolution 70/1."
    hover_marker(window, qtbot, one_line)
    _assert_fits(popup, "3")


LETTER_TITLE = ("Letter dated 1 April 2025 from the Permanent Representative of Azerbaijan to the "
                "United Nations addressed to the Secretary-General")


def test_the_seed_letter_is_cited_by_the_title_on_its_first_page(open_doc, qtbot):
    window = open_doc(DATA / "un-letter-2025-04-01.md")
    view = window.page_view
    qtbot.waitUntil(lambda: window.windowTitle() == f"{LETTER_TITLE} \u2014 Ibid", timeout=10000)
    words = Document.open(DATA / "un-letter-2025-04-01.md").pdf[1].get_text("words")
    first, second = next((a, b) for a, b in zip(words, words[1:]) if a[5:7] == b[5:7] and a[4].isalpha())
    view.go_to_page(1)
    qtbot.waitUntil(view.all_visible_rendered, timeout=10000)
    drag(view, view.to_view(1, first[:4]).topLeft() + QPointF(1, 3),
          view.to_view(1, second[:4]).bottomRight() - QPointF(1, 3))
    assert view.selected_text() == f"{first[4]} {second[4]}"
    QGuiApplication.clipboard().clear()
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == f"{first[4]} {second[4]} (\u201c{LETTER_TITLE}\u201d, p. 2)"


def _note_with(window, text: str):
    return next(e for e in window.footnotes.entries if text in e.text)


def test_only_citations_that_go_somewhere_look_like_links(open_doc, qtbot):
    window = open_doc(DATA / "un-letter-2025-04-01.md")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    notes = {e.label: e for e in window.footnotes.entries}
    hover_marker(window, qtbot, notes["5"])       # a case before the ICJ and its order: references
    body = window.footnote_popup.body
    order = point_at(body, "Order of the International Court of Justice")
    assert body.anchorAt(order) == ""                  # plain references: text, not links
    assert body.anchorAt(point_at(body, "International Convention on the Elimination")) == ""
    window.statusBar().clearMessage()
    QTest.mouseClick(body.viewport(), Qt.MouseButton.LeftButton, pos=order)
    assert "does not open" not in window.statusBar().currentMessage()
    hover_marker(window, qtbot, notes["6"])       # "Ibid., …, Order of the ICJ of 17 November 2023."
    assert body.anchorAt(point_at(body, "Ibid.")) != ""                        # goes to note 5
    assert body.anchorAt(point_at(body, "Order of the International Court")) == ""


def test_a_long_warning_is_cut_between_words(main_window, qtbot, tmp_path):
    pdf = pymupdf.open()
    for _ in range(3):
        pdf.new_page()
    pdf.xref_set_key(pdf.page_xref(2), "Rotate", "45")   # no multiple of 90: a broken page box
    pdf.save(tmp_path / "broken-rotation.pdf")
    with qtbot.waitSignal(main_window.document_opened, timeout=30000):
        main_window.open_document(tmp_path / "broken-rotation.pdf")
    label = main_window.warning_label
    qtbot.waitUntil(lambda: label.text().startswith("⚠"), timeout=10000)
    full, shown = label.toolTip(), label.text().removeprefix("⚠ ")
    assert len(full) > len(shown) and shown.endswith("…")
    kept = shown.removesuffix("…")
    assert full.startswith(kept) and full[len(kept)] == " "   # cut where a word ends


def test_a_link_in_a_message_is_cut_after_a_separator_not_inside_a_word():
    url = "ftp://example.org/archive/International-Convention-on-the-Elimination-of-All-Forms.pdf"
    shown = clip(url, 60)
    assert len(shown) <= 60 and shown.endswith("-\u2026") and url.startswith(shown[:-1])
    assert clip("International Convention on the Elimination of All Forms of Racial", 60) == (
        "International Convention on the Elimination of All Forms\u2026")
    assert clip("short", 60) == "short"


PANDOC_MD = DATA / "families-heldout/2/pandoc-md-docx-pdf/pandoc-md-docx-pdf.md"   # [^n] notes


def test_markdown_note_back_links_are_drawn_without_a_missing_glyph(main_window, qtbot, tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copyfile(PANDOC_MD, folder / PANDOC_MD.name)
    window = main_window
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(folder)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(folder / PANDOC_MD.name)
    pages = [window.document.page(i).text() for i in range(window.document.page_count)]
    assert sum(p.count("\u21a9") for p in pages) == 16         # one back-link per note ...
    assert not any("\u0000" in p or "\ufe0e" in p for p in pages)   # ... and nothing drawn after it
    _search(window, qtbot, "symbol")                           # a note that ends in a back-link
    results = window.search_panel.results
    snippets = [results.itemWidget(results.topLevelItem(0).child(i), 0).text()
                for i in range(results.topLevelItem(0).childCount())]
    assert any("\u21a9" in s for s in snippets)
    assert not any("\u0000" in s or "\ufe0e" in s for s in snippets)
