"""The Library list narrowed as a Zotero user does (filter box, organ, year, folder), and the
Properties dialog from the list's context menu and from File > Properties… (issue 19)."""
from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _library(main_window, qtbot, tmp_path, data_file):
    reports, letters = tmp_path / "reports", tmp_path / "letters"
    reports.mkdir()
    letters.mkdir()
    for name in ("un_A_RES_78_5.pdf", "un_A_RES_80_242.pdf", "un_A_80_L.23.pdf"):
        shutil.copyfile(data_file(name), reports / name)
    shutil.copyfile(data_file("cms-noteref-demo.pdf"), letters / "cms-noteref-demo.pdf")
    panel = main_window.document_list
    main_window.library_dock.raise_()
    for folder in (reports, letters):
        with qtbot.waitSignal(main_window.library.indexing_finished, timeout=90000):
            main_window.library.add_folder(folder)
    qtbot.waitUntil(lambda: panel.status.text() == "4 documents", timeout=20000)
    return panel, reports, letters


def _symbols(panel) -> list[str]:
    return sorted(e.symbol or e.names for e in panel.shown_entries())


def _choose(box, text: str) -> None:
    """Pick *text* in a combo box from the keyboard: its first word typed (a space would open the list)."""
    box.setFocus()
    QTest.keyClicks(box, text.split()[0])
    assert box.currentText() == text


def test_filter_the_library_by_symbol_organ_year_and_folder(main_window, qtbot, tmp_path, data_file):
    panel, reports, letters = _library(main_window, qtbot, tmp_path, data_file)
    QTest.mouseClick(panel.filter_edit, Qt.MouseButton.LeftButton)
    QTest.keyClicks(panel.filter_edit, "a/res")                      # the start of a symbol
    assert _symbols(panel) == ["A/RES/78/5", "A/RES/80/242"]
    assert panel.status.text() == "2 of 4 documents match the filter"
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(panel.filter_edit, "tuberculosis")               # a word of a title
    assert _symbols(panel) == ["A/RES/78/5"]
    panel.filter_edit.clear()
    assert [panel.organ_box.itemText(i) for i in range(panel.organ_box.count())] == [
        "All organs", "General Assembly (GA)"]
    _choose(panel.organ_box, "General Assembly (GA)")
    assert _symbols(panel) == ["A/80/L.23", "A/RES/78/5", "A/RES/80/242"]
    _choose(panel.year_box, "2025")                                  # the 80th session opened in 2025
    assert _symbols(panel) == ["A/80/L.23", "A/RES/80/242"]
    for box in (panel.organ_box, panel.year_box):
        QTest.keyClick(box, Qt.Key.Key_Home)                         # back to "All …"
    assert (panel.organ_box.currentText(), panel.year_box.currentText()) == ("All organs", "All years")
    _choose(panel.folder_box, str(letters))
    assert _symbols(panel) == ["cms-noteref-demo.pdf"]


def test_properties_from_the_library_and_from_the_file_menu(main_window, qtbot, tmp_path, data_file):
    panel, reports, _letters = _library(main_window, qtbot, tmp_path, data_file)
    row = next(i for i, e in enumerate(panel.entries()) if e.symbol == "A/RES/78/5")
    at = panel.list.visualItemRect(panel.list.item(row)).center()
    viewport = panel.list.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at)))
    assert [a.text() for a in panel.menu.actions()] == ["Open", "Open in New Tab", "Properties…"]
    panel.menu.actions()[2].trigger()
    panel.menu.close()
    rows = main_window.properties_dialog.rows()
    assert main_window.properties_dialog.isVisible()
    assert rows["File"] == str(reports / "un_A_RES_78_5.pdf")
    assert (rows["Format"], rows["Pages"], rows["Symbol"]) == ("PDF", "15", "A/RES/78/5")
    assert rows["Title"].startswith("Political declaration of the high-level meeting on the fight")
    assert rows["Producer"] == "Microsoft® Word for Microsoft 365"
    assert rows["Size"].endswith("KB")
    assert int(rows["Notes found"]) >= 7 and int(rows["Citations"]) >= 10      # the index read them
    assert rows["In the library index"] == "yes"
    main_window.properties_dialog.close()
    # File > Properties… of a document outside the library.
    with qtbot.waitSignal(main_window.document_opened, timeout=30000):
        main_window.open_document(data_file("dowith-notes-in-a-small-section.pdf"))
    main_window.properties_action.trigger()
    rows = main_window.properties_dialog.rows()
    assert rows["File"] == str(data_file("dowith-notes-in-a-small-section.pdf"))
    assert rows["Pages"] == "7" and rows["In the library index"] == "no"
