"""The library list, reopening the last document, and citing: on the real window, offscreen."""
from __future__ import annotations

import argparse
import json
import shutil

import pymupdf
from gui_helpers import drag
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from reader.core.paths import Paths
from reader.gui import dialogs
from reader.gui.application import start_target
from reader.gui.mainwindow import MainWindow, sample_files

TB_TITLE = "Political declaration of the high-level meeting on the fight against tuberculosis"


def _wait_notes(window, qtbot):
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    return {e.label: e for e in window.footnotes.entries}


def test_library_lists_titles_and_symbols_and_merges_copies(main_window, qtbot, tmp_path, data_file):
    one, two = tmp_path / "reports", tmp_path / "downloads"
    one.mkdir()
    two.mkdir()
    for name in ("un_A_RES_78_5.pdf", "un_A_80_L.23.pdf", "cms-noteref-demo.pdf"):
        shutil.copyfile(data_file(name), one / name)
    shutil.copyfile(data_file("un_A_RES_78_5.pdf"), two / "A_RES_78_5 (1).pdf")
    panel = main_window.document_list
    main_window.library_dock.raise_()
    # Library > Add Folder: indexing runs in a child process; the list follows by itself.
    with qtbot.waitSignal(main_window.library.indexing_finished, timeout=90000):
        main_window.library.add_folder(one)
    qtbot.waitUntil(lambda: len(panel.entries()) == 3, timeout=20000)
    assert panel.status.text() == "3 documents"
    with qtbot.waitSignal(main_window.library.indexing_finished, timeout=90000):
        main_window.library.add_folder(two)
    qtbot.waitUntil(lambda: panel.status.text() == "3 documents (4 files)", timeout=20000)
    assert [(e.title, e.symbol) for e in panel.entries()] == [
        ("International cooperation on humanitarian assistance in the field of natural disasters, "
         "from relief to development", "A/80/L.23"),
        ("The noteref Option to the Notes & Bibliography Style", ""),
        (TB_TITLE, "A/RES/78/5")]
    item = panel.list.item(2)
    assert item.text() == TB_TITLE
    assert str(one / "un_A_RES_78_5.pdf") in item.toolTip() and str(two / "A_RES_78_5 (1).pdf") in item.toolTip()
    assert "A/RES/78/5 · A_RES_78_5 (1).pdf (2 copies)" in item.data(Qt.ItemDataRole.AccessibleTextRole)
    # Activating the entry opens the document and marks it as the open one.
    with qtbot.waitSignal(main_window.document_opened, timeout=30000) as opened:
        panel.list.itemActivated.emit(item)
    assert opened.args[0].name == "A_RES_78_5 (1).pdf"
    assert panel.list.currentRow() == 2


def test_start_reopens_the_document_open_at_quit_at_its_page(qtbot, tmp_path, data_file, errors):
    paths = Paths.under(tmp_path / "ibid")
    args = argparse.Namespace(file=None)
    doc = shutil.copyfile(data_file("un_A_RES_78_5.pdf"), tmp_path / "res.pdf")

    first = MainWindow(paths)
    qtbot.addWidget(first)
    assert start_target(first, args) == sample_files()[0]     # the very first start: the samples
    first.show()
    with qtbot.waitSignal(first.document_opened, timeout=30000):
        first.open_document(doc)
    first.page_view.go_to_page(6)
    qtbot.waitUntil(lambda: first.page_view.current_page() == 6)
    first.close()

    second = MainWindow(paths)
    qtbot.addWidget(second)
    second.show()
    target = start_target(second, args)
    assert target == doc
    with qtbot.waitSignal(second.document_opened, timeout=30000):
        second.open_document(target)
    qtbot.waitUntil(lambda: second.page_view.current_page() == 6)
    assert second.page_box.value() == 7
    second.close()

    doc.unlink()     # gone since: the samples again
    assert start_target(MainWindow(paths), args) == sample_files()[0]


def test_copy_a_note_as_citation_from_panel_and_popup(open_doc, data_file, qtbot):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    notes = _wait_notes(window, qtbot)
    window.notes_panel.all_box.setChecked(True)
    card = next(c for c in window.notes_panel._cards() if c.entry.label == "2")
    card.label.customContextMenuRequested.emit(QPoint(5, 5))
    menu = window.notes_panel.menu
    next(a for a in menu.actions() if a.text() == "Copy as Citation").trigger()
    menu.close()
    expected = "A/RES/78/5, p. 2, note 2: See World Health Organization, document WHA67/2014/REC/1, resolution 67.1."
    assert QGuiApplication.clipboard().text() == expected

    QGuiApplication.clipboard().clear()
    window.footnote_popup.show_note(notes["1"], window.mapToGlobal(QPoint(300, 300)))
    window.footnote_popup.body.customContextMenuRequested.emit(QPoint(5, 5))
    menu = window.footnote_popup.menu
    next(a for a in menu.actions() if a.text() == "Copy as Citation").trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == "A/RES/78/5, p. 1, note 1: Resolution 73/3."


def test_copy_a_selection_with_citation(open_doc, data_file, qtbot):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    words = pymupdf.open(data_file("un_A_RES_78_5.pdf"))[0].get_text("words")
    first = next(w for w in words if w[4] == "Political")
    last = next(w for w in words if w[4] == "fight" and abs(w[1] - first[1]) < 2)
    start = view.to_view(0, first[:4]).topLeft() + QPointF(1, 3)
    end = view.to_view(0, last[:4]).bottomRight() - QPointF(1, 3)
    drag(view, start, end)
    assert view.selected_text() == "Political declaration of the high-level meeting on the fight"
    # The context menu of the selection, as a right-click opens it.
    at = end.toPoint()
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at,
                                                              view.viewport().mapToGlobal(at)))
    menu = view.menu
    assert [a.text() for a in menu.actions()] == ["Copy", "Copy with Citation", "Highlight", "Underline"]
    menu.actions()[1].trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == (
        "Political declaration of the high-level meeting on the fight (A/RES/78/5, p. 1)")
    QGuiApplication.clipboard().clear()
    window.copy_citation_action.trigger()      # Edit > Copy with Citation (Ctrl+Shift+C)
    assert QGuiApplication.clipboard().text().endswith("(A/RES/78/5, p. 1)")


def test_export_citations_as_csl_json(open_doc, data_file, qtbot, tmp_path, monkeypatch):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    _wait_notes(window, qtbot)
    target = tmp_path / "cited.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: target)
    window.export_citations_action.trigger()
    items = json.loads(target.read_text(encoding="utf-8"))
    assert [i["number"] for i in items if i["type"] == "report"] == [
        "A/RES/73/3", "A/RES/70/1", "A/RES/69/313", "A/RES/71/3", "A/RES/75/284", "A/RES/73/2", "A/RES/74/2"]
    assert sum(i["type"] == "webpage" for i in items) == 3
    assert window.statusBar().currentMessage() == f"Exported 10 cited works to {target}."


def test_exports_are_suggested_in_the_documents_folder_not_beside_a_bundled_sample(
        open_doc, qtbot, tmp_path, monkeypatch):
    """Issue 19, defect 8: both exports were suggested beside the document; for a bundled
    sample that is inside the installed app, and uninstalling deleted the export."""
    from reader.core.paths import samples_dir
    documents = tmp_path / "My Documents"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))   # (no user-dirs.dirs there)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    window = open_doc(samples_dir() / "un_A_RES_78_5.pdf")
    _wait_notes(window, qtbot)
    asked = []

    def ask(parent, title, suggested, filters):
        asked.append(suggested)
        return tmp_path / suggested.name
    monkeypatch.setattr(dialogs, "ask_save_path", ask)
    window.export_citations_action.trigger()
    for action in window.export_actions:         # Notes > Export as Markdown / CSV / JSON
        action.trigger()
    assert [p.name for p in asked] == ["un_A_RES_78_5-citations.json", "un_A_RES_78_5-notes.md",
                                       "un_A_RES_78_5-notes.csv", "un_A_RES_78_5-notes.json"]
    assert all(p.parent == documents for p in asked), asked
    assert (tmp_path / "un_A_RES_78_5-notes.csv").is_file()


def _select_words(window, page: int, first: tuple[str, int], last: tuple[str, int]) -> None:
    """Drag from the *first* word to the *last* (text, which occurrence) on *page*, as the mouse does."""
    view = window.page_view
    words = window.document.pdf[page].get_text("words")
    a = [w for w in words if w[4] == first[0]][first[1]]
    b = [w for w in words if w[4] == last[0]][last[1]]
    view.reveal(page, a[:4], record=False)
    drag(view, view.to_view(page, a[:4]).topLeft() + QPointF(1, 3), view.to_view(page, b[:4]).bottomRight() - QPointF(1, 3))


def test_copy_with_citation_drops_note_markers_and_joins_lines(open_doc, data_file, qtbot):
    """Issue 19, defect 3: the copy kept the note marker ("tuberculosis,1 deeply") and the
    hard line breaks; a word broken at a line-end hyphen stays one word."""
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    _wait_notes(window, qtbot)
    _select_words(window, 0, ("Assembly", 3), ("targets", 0))
    assert "tuberculosis,1" in window.document.pdf[0].get_text()       # as printed: the marker after the comma
    window.copy_citation_action.trigger()                                # Edit > Copy with Citation
    assert QGuiApplication.clipboard().text() == (
        "Assembly on the fight against tuberculosis, deeply concerned that some of the global targets "
        "(A/RES/78/5, p. 1)")
    _select_words(window, 2, ("people-", 0), ("centred", 0))            # "people-" ends a line
    window.copy_citation_action.trigger()
    assert QGuiApplication.clipboard().text() == "people-centred (A/RES/78/5, p. 3)"


def test_export_citations_says_which_references_it_left_out(open_doc, data_file, qtbot, tmp_path, monkeypatch):
    """Issue 19, defect 5: works the export cannot describe were dropped without a word."""
    window = open_doc(data_file("un_A_80_L.23.pdf"))
    _wait_notes(window, qtbot)
    target = tmp_path / "cited.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: target)
    window.export_citations_action.trigger()
    items = json.loads(target.read_text(encoding="utf-8"))
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Exported {len(items)} cited works to {target}. Not exported")
    assert "note 4 \u201cUnited Nations, Treaty Series, vol. 1771" in message
