"""No data lost across restarts: library folders, damaged settings, two windows (issue 13).

These drive the real window offscreen, quit it and start a new one on the same files.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QDir, Qt, QThreadPool

from reader.core.paths import Paths
from reader.gui import dialogs
from reader.gui.searchpanel import HIT_ROLE

ROOT = Path(__file__).parents[2]
WORD = "quokkanomics"     # a word no bundled sample holds


@pytest.fixture
def windows(qtbot, errors):
    """Start real main windows on given paths; every one is closed at the end."""
    from reader.gui.mainwindow import MainWindow
    started = []

    def start(paths: Paths):
        window = MainWindow(paths)
        qtbot.addWidget(window)
        window.resize(1100, 800)
        window.show()
        qtbot.waitExposed(window)
        started.append(window)
        return window
    yield start
    for window in started:
        window.close()
    QThreadPool.globalInstance().waitForDone(5000)


@pytest.fixture
def folder(tmp_path) -> Path:
    """A library folder holding one PDF with WORD on its page."""
    folder = tmp_path / "my library"
    folder.mkdir()
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), f"A memo on {WORD}, the economics of small marsupials.")
    pdf.save(folder / "memo.pdf")
    return folder


def ibid(*args) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "reader", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, timeout=100)
    assert result.returncode == 0, result.stderr
    return result


def indexed_folders(paths: Paths) -> list[str]:
    return json.loads(ibid("index", "status", "--json", "--basedir", paths.base).stdout)["folders"]


def _start_up(window, qtbot) -> None:
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        window.library.start_up()
    assert done.args[0] == 0, done.args[1]


def _search(window, qtbot, query: str) -> list[str]:
    panel = window.search_panel
    with qtbot.waitSignal(panel._dispatcher.done, timeout=10000):
        panel.search(query)
    return [panel.results.topLevelItem(i).toolTip(0) for i in range(panel.results.topLevelItemCount())]


def test_a_folder_added_in_the_window_is_still_searched_after_a_restart(windows, qtbot, tmp_path, folder,
                                                                          monkeypatch):
    paths = Paths.under(tmp_path / "ibid")
    monkeypatch.setattr(dialogs, "ask_folder", lambda parent, title: folder)
    first = windows(paths)
    with qtbot.waitSignal(first.library.indexing_finished, timeout=90000) as done:
        first.add_folder_action.trigger()                       # Library > Add Folder…
    assert done.args[0] == 0, done.args[1]
    assert any("memo.pdf" in tip for tip in _search(first, qtbot, WORD))
    first.notes_panel.all_box.click()                           # a setting changed: saved on quit
    first.close()
    second = windows(paths)
    _start_up(second, qtbot)                                    # what the window does at start
    assert any("memo.pdf" in tip for tip in _search(second, qtbot, WORD))
    assert str(folder) in indexed_folders(paths)
    assert folder in second.folders_panel.folders()


def test_removing_a_folder_in_the_library_panel(windows, qtbot, tmp_path, folder):
    paths = Paths.under(tmp_path / "ibid")
    ibid("index", "add", folder, "--basedir", paths.base)
    window = windows(paths)
    _start_up(window, qtbot)
    panel = window.folders_panel
    assert not panel.remove_button.isEnabled()
    [item] = [panel.list.item(i) for i in range(panel.list.count()) if folder.name in panel.list.item(i).text()]
    item.setSelected(True)
    assert panel.remove_button.isEnabled() and item.toolTip() == str(folder)
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        panel.remove_button.click()
    assert done.args[0] == 0 and "1 removed" in done.args[1], done.args[1]
    assert folder not in panel.folders() and str(folder) not in indexed_folders(paths)
    assert _search(window, qtbot, WORD) == []
    assert (folder / "memo.pdf").is_file()                      # the file itself stays


def test_a_bad_byte_in_the_settings_is_kept_aside_said_and_the_library_kept(windows, qtbot, tmp_path, folder):
    paths = Paths.under(tmp_path / "ibid")
    first = windows(paths)
    first.notes_panel.all_box.click()                           # a setting changed: saved on quit
    first.close()                                               # a settings file exists
    ibid("index", "add", folder, "--basedir", paths.base)
    damaged = paths.settings_file.read_bytes() + b"# Genf, Palais des Nations \xa7 3\n"
    paths.settings_file.write_bytes(damaged)
    second = windows(paths)
    [aside] = paths.config.glob("settings.toml.damaged-*")
    assert aside.read_bytes() == damaged
    shown = second.warning_label.text() + second.warning_label.toolTip()
    assert "settings.toml was damaged" in shown and aside.name in second.warning_label.toolTip()
    _start_up(second, qtbot)
    second.close()
    assert str(folder) in indexed_folders(paths)               # not wiped by the save on quit
    third = windows(paths)
    _start_up(third, qtbot)
    assert any("memo.pdf" in tip for tip in _search(third, qtbot, WORD))
    assert aside.read_bytes() == damaged and "damaged" not in third.warning_label.text()


def test_a_damaged_folder_list_is_said_and_the_index_kept(windows, qtbot, tmp_path, folder):
    paths = Paths.under(tmp_path / "ibid")
    ibid("index", "add", folder, "--basedir", paths.base)
    paths.library_file.write_bytes(b'{"folders": ["' + str(folder).encode() + b'", \xff')
    window = windows(paths)
    window.library.start_up()             # no update runs on an unreadable list: it says why
    panel = window.folders_panel
    assert panel.empty.isVisible() and "library.json cannot be read" in panel.empty.text()
    assert "library.json" in window.statusBar().currentMessage() and not window.library.busy()
    assert any("memo.pdf" in tip for tip in _search(window, qtbot, WORD))   # the index is whole


def test_two_windows_keep_each_others_reading_positions(windows, qtbot, tmp_path, data_file):
    paths = Paths.under(tmp_path / "ibid")
    resolution, draft = data_file("un_A_RES_78_5.pdf"), data_file("un_A_80_L.23.pdf")
    first, second = windows(paths), windows(paths)
    for window, path, page in ((first, resolution, 3), (second, draft, 5)):
        with qtbot.waitSignal(window.document_opened, timeout=30000):
            window.open_document(path, page)
        qtbot.waitUntil(lambda w=window, p=page: w.page_view.current_page() == p, timeout=10000)
    first.close()
    second.close()                  # the last to save must not erase the first one's position
    third = windows(paths)
    for path, page in ((resolution, 3), (draft, 5)):
        with qtbot.waitSignal(third.document_opened, timeout=30000):
            third.open_document(path)
        qtbot.waitUntil(lambda p=page: third.page_view.current_page() == p, timeout=10000)
    assert {p.name for p in third.state.recent()} >= {resolution.name, draft.name}


def test_a_folder_whose_name_is_not_utf8_is_added_searched_and_removed(windows, qtbot, tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    archive.mkdir()
    raw = os.path.join(os.fsencode(archive), b"caf\xe9")        # "café" in Latin-1: not UTF-8
    try:
        os.mkdir(raw)
    except OSError as exc:   # a file system that takes UTF-8 names only (macOS): nothing to test
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    folder = Path(os.fsdecode(raw))
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), f"A memo on {WORD}, the economics of small marsupials.")
    (folder / "memo.pdf").write_bytes(pdf.tobytes())          # (MuPDF takes no such name)
    # Library > Add Folder: Qt reads the name without the byte that is not UTF-8, so its
    # file dialog cannot show the folder (issue 19, defect 9); Ibid's picker shows it.
    [shown] = QDir(str(archive)).entryList(QDir.Filter.Dirs | QDir.Filter.NoDotAndDotDot)
    assert not (archive / shown).exists()
    _pick_in_folder_dialog(monkeypatch, qtbot, archive, "café (not UTF-8)")
    paths = Paths.under(tmp_path / "ibid")
    window = windows(paths)
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        window.add_folder_action.trigger()
    assert done.args[0] == 0 and done.args[1].startswith("Indexed 1 files"), done.args[1]
    assert indexed_folders(paths) == [str(folder)]             # the folder itself, byte for byte
    panel = window.folders_panel
    assert panel.folders() == [folder]
    item = panel.list.item(0)
    assert item.text() == f"caf\ufffd  — {archive}" and item.toolTip() == f"{archive}/caf\ufffd"
    assert _search(window, qtbot, WORD) == [f"{archive}/caf\ufffd/memo.pdf"]
    documents = window.document_list                             # the Library tab's list above
    qtbot.waitUntil(lambda: len(documents.entries()) == 1, timeout=20000)
    assert f"{archive}/caf\ufffd/memo.pdf" in documents.list.item(0).toolTip()
    hit = window.search_panel.results.topLevelItem(0).data(0, HIT_ROLE)
    assert os.fsencode(hit.path) == os.path.join(raw, b"memo.pdf")
    item.setSelected(True)
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        panel.remove_button.click()
    assert done.args[0] == 0 and "1 removed" in done.args[1], done.args[1]
    assert panel.folders() == [] and indexed_folders(paths) == []
    assert _search(window, qtbot, WORD) == []
    assert os.path.isfile(os.path.join(raw, b"memo.pdf"))       # the file itself stays


def test_two_folders_qt_cannot_tell_apart_are_both_shown_and_added_as_themselves(windows, qtbot, tmp_path,
                                                                                  monkeypatch):
    """Latin-1 "café" and "cafè" are both "caf" to Qt (its dialog showed neither); the picker
    shows both, apart, and adds the one clicked, byte for byte."""
    archive = tmp_path / "archive"
    archive.mkdir()
    try:
        for name in (b"caf\xe9", b"caf\xe8"):
            os.mkdir(os.path.join(os.fsencode(archive), name))
    except OSError as exc:
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    assert QDir(str(archive)).entryList(QDir.Filter.Dirs | QDir.Filter.NoDotAndDotDot) == ["caf", "caf"]
    shown = _pick_in_folder_dialog(monkeypatch, qtbot, archive, "cafè (not UTF-8)")
    paths = Paths.under(tmp_path / "ibid")
    window = windows(paths)
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.add_folder_action.trigger()
    assert shown == ["cafè (not UTF-8)", "café (not UTF-8)"]
    assert [os.fsencode(f) for f in window.folders_panel.folders()] == [os.path.join(os.fsencode(archive), b"caf\xe8")]


def _pick_in_folder_dialog(monkeypatch, qtbot, folder: Path, name: str) -> list[str]:
    """Answer Library > Add Folder as a reader would: open *folder* in the picker, click the
    entry shown as *name*, click Add. Returns the names the picker showed (filled in then)."""
    from reader.gui.folderdialog import FolderDialog
    shown: list[str] = []

    def exec_(dialog: FolderDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.open_folder(folder)
        shown.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        [item] = dialog.list.findItems(name, Qt.MatchFlag.MatchExactly)
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=dialog.list.visualItemRect(item).center())
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        return dialog.result()
    monkeypatch.setattr(FolderDialog, "exec", exec_)
    return shown


def test_a_document_whose_name_is_not_utf8_opens_from_the_library_list(windows, qtbot, tmp_path, data_file):
    """Issue 19, defect 9: double-clicking such a document in the Library tab said it did
    not exist (its path went through a Qt string, which lost the byte that is not UTF-8)."""
    folder = tmp_path / "odd"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"r\xe9solution 78-5.pdf")   # Latin-1, not UTF-8
    try:
        shutil.copyfile(data_file("un_A_RES_78_5.pdf"), name)
    except OSError as exc:
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    window = windows(Paths.under(tmp_path / "ibid"))
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        window.library.add_folder(folder)
    assert done.args[0] == 0, done.args[1]
    window.library_dock.raise_()
    documents = window.document_list
    qtbot.waitUntil(lambda: len(documents.entries()) == 1, timeout=20000)
    item = documents.list.item(0)
    documents.list.scrollToItem(item)
    at = documents.list.visualItemRect(item).center()
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        qtbot.mouseClick(documents.list.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseDClick(documents.list.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert os.fsencode(window.document.path) == name


def test_a_folder_added_while_the_start_up_update_runs_survives_a_quick_quit(windows, qtbot, tmp_path, folder,
                                                                               monkeypatch):
    """Issue 21, item 1: the add waited in memory behind the running update; Quit dropped it."""
    paths = Paths.under(tmp_path / "ibid")
    monkeypatch.setattr(dialogs, "ask_folder", lambda parent, title: folder)
    first = windows(paths)
    first.library.start_up()                                    # "Checking the library…" (the samples)
    assert first.library.busy()
    first.add_folder_action.trigger()                           # Library > Add Folder…, while it runs
    assert folder in first.folders_panel.folders()
    first.close()                                               # Quit at once
    assert str(folder) in indexed_folders(paths)
    second = windows(paths)
    _start_up(second, qtbot)                                    # the next start indexes it
    assert folder in second.folders_panel.folders()
    assert any("memo.pdf" in tip for tip in _search(second, qtbot, WORD))


def test_a_library_folder_on_an_unmounted_drive_is_shown_offline_and_still_searched(windows, qtbot, tmp_path,
                                                                                      folder):
    """Issue 21, item 5: the window said "1 removed" and the folder's documents were gone."""
    paths = Paths.under(tmp_path / "ibid")
    ibid("index", "add", folder, "--basedir", paths.base)
    folder.rename(tmp_path / "unmounted")
    window = windows(paths)
    _start_up(window, qtbot)
    assert "could not be read (offline)" in window.statusBar().currentMessage()
    [item] = [window.folders_panel.list.item(i) for i in range(window.folders_panel.list.count())
              if folder.name in window.folders_panel.list.item(i).text()]
    assert "(offline: not found)" in item.text() and "stay in the index" in item.toolTip()
    assert any("memo.pdf" in tip for tip in _search(window, qtbot, WORD))
