"""The reader's layer in the real window: note corrections shown in the Notes panel."""
from __future__ import annotations

from reader.app import main


def test_the_notes_panel_shows_the_corrected_notes_on_every_open(main_window, open_doc, data_file, tmp_path, qtbot, capsys):
    path = data_file("layer/missed-and-false.pdf")
    base = tmp_path / "ibid"   # the window's folders (tests/gui/conftest.py)
    assert main(["annotations", str(path), "--not-a-note", "7", "3", "--basedir", str(base)]) == 0
    assert main(["annotations", str(path), "--make-note", "3", "2",
                 "See the report of the Special Rapporteur, A/HRC/43/5, para. 9.", "--basedir", str(base)]) == 0
    capsys.readouterr()
    window = main_window
    for _ in ("made by the child process", "read from the record"):
        open_doc(path)
        qtbot.waitUntil(lambda: not window.busy() and bool(window.footnotes.entries), timeout=60000)
        notes = window.footnotes.entries
        assert [n.label for n in notes] == ["1", "2", "3", "4", "5", "6"]
        assert notes[2].source == "corrected" and notes[2].page == 1
        window.page_view.go_to_page(1)
        qtbot.waitUntil(lambda: "3" in [e.label for e in window.notes_panel.shown()])
