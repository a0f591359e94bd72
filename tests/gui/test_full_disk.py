"""A full disk under Ibid's own folders: reading goes on, Quit says what it could not save (issue 21, item 3).

The disk is made full at the write layer every Ibid file goes through
(``reader.core.shared.write_atomic_bytes``: settings, reading state, records), so the test
runs the same as root or not; the child that reads the notes finds its records' folder
taken by a file, as a full cache drive refuses it.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from reader.core import shared
from reader.core.paths import Paths

DATA = Path(__file__).parents[1] / "data"


def _no_room(path, data, *, durable=False):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def test_reading_works_on_a_full_disk_and_quit_says_what_was_not_saved(start_window, qtbot, tmp_path, errors,
                                                                      monkeypatch):
    paths = Paths.under(tmp_path / "ibid").ensure()
    paths.records.write_bytes(b"")                   # no folder can be made there: the record is not stored
    monkeypatch.setattr(shared, "write_atomic_bytes", _no_room)
    window = start_window(paths, DATA / "un_A_80_L.23.pdf")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert len(window.footnotes.entries) > 10          # the Notes panel fills all the same
    qtbot.waitUntil(lambda: "could not save the list of recent files" in window.statusBar().currentMessage())
    window.notes_panel.all_box.click()                 # a setting changed: saved on quit
    window.page_view.go_to_page(3)
    window.close()                                     # Quit: nothing raised
    assert errors == ["Ibid could not save the reading position, the document to reopen and the settings "
                      "(No space left on device); your documents are unchanged."]
    monkeypatch.undo()                                 # room again: the next Quit saves all
    errors.clear()
    again = start_window(paths, DATA / "un_A_80_L.23.pdf")
    again.close()
    assert errors == [] and again.state.last_open() == DATA / "un_A_80_L.23.pdf"
