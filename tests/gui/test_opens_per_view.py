"""One view, one opening: a document is opened (or laid out) once in the window's process,
and at most once more in the one child that prepares its record, whatever its format and
whether the index has read it before (issue 23)."""
from __future__ import annotations

import json

import pytest
from gui_helpers import count_opens

#: One file per format the window opens; the footnote-rich ones show that the notes come too.
FILES = ["un_A_80_L.23.pdf", "markup/docbook-xsl-demo.epub", "un-letter-2025-04-01.md",
         "markup/docbook-xsl-demo.html", "un-letter-2025-04-01.txt"]


def _copy(data_file, folder, name):
    folder.mkdir(exist_ok=True)
    path = folder / name.rsplit("/", 1)[-1]
    path.write_bytes(data_file(name).read_bytes())
    return path


# (PDF and Markdown: tests/gui/test_notes.py::test_a_document_the_index_has_read_shows_its_notes_without_analysing_it)
@pytest.mark.parametrize("name", [name for name in FILES if not name.endswith((".pdf", ".md"))])
def test_a_document_the_index_has_read_is_opened_once_and_not_analysed(name, main_window, qtbot, tmp_path,
                                                                       data_file, monkeypatch, capsys):
    from reader.app import main
    from reader.core import record
    from reader.core.document import content_hash
    window = main_window
    path = _copy(data_file, tmp_path / "library", name)
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(path.parent)
    stored = record.record_path(window.paths.records, content_hash(path))
    made = stored.stat().st_mtime_ns           # the indexer prepared it
    started, opened, laid_out = count_opens(monkeypatch)
    with qtbot.waitSignal(window.footnotes.notes_ready, timeout=30000) as shown:
        window.open_document(path)
    assert started == [] and len(opened) == 1 and laid_out == []  # one opening for the view, no child
    assert stored.stat().st_mtime_ns == made
    assert main(["footnotes", str(path), "--json", "--basedir", str(window.paths.base)]) == 0
    printed = json.loads(capsys.readouterr().out)["footnotes"]
    assert [(e.label, e.text) for e in shown.args[0]] == [(n["label"], n["note_text"]) for n in printed]


@pytest.mark.parametrize("name", FILES)
def test_a_new_document_is_opened_once_here_and_once_by_the_child_that_prepares_it(
        name, main_window, qtbot, tmp_path, data_file, monkeypatch):
    from reader.core import record
    from reader.core.document import content_hash
    window = main_window
    path = _copy(data_file, tmp_path / "new", name)
    started, opened, laid_out = count_opens(monkeypatch)
    with qtbot.waitSignal(window.footnotes.notes_ready, timeout=60000) as shown:
        window.open_document(path)
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert len(opened) == 1 and laid_out == []       # the view: a PDF, an EPUB, or a layout from the cache
    assert [args[0] for args in started] == ["prepare"]   # one child opens it once (tests/core/test_child.py)
    assert window.page_view.page_count() >= 1
    prepared = record.load(window.paths.records, content_hash(path), pages=False)
    assert [(e.label, e.text) for e in shown.args[0]] == [(e.label, e.text) for e in prepared.notes()]
    if name.endswith("docbook-xsl-demo.epub") or name.endswith(".pdf"):
        assert len(shown.args[0]) >= 3


def test_a_big_new_file_gets_its_notes_from_the_child_that_opened_it(main_window, qtbot, tmp_path, data_file,
                                                                      monkeypatch):
    """A file too big to hash on the GUI thread: the notes come from the child that opened it
    for the window, whether it ends before the window asks for them or after; no second child."""
    from reader.gui import footnotes, opener
    monkeypatch.setattr(footnotes, "HASH_HERE_BYTES", 0)
    monkeypatch.setattr(opener, "HASH_HERE_BYTES", 0)
    window = main_window
    path = _copy(data_file, tmp_path / "big", "markup/docbook-xsl-demo.epub")
    started, opened, _laid_out = count_opens(monkeypatch)
    with qtbot.waitSignal(window.footnotes.notes_ready, timeout=60000) as shown:
        window.open_document(path)
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert [args[0] for args in started] == ["prepare"] and len(opened) == 1
    assert len(shown.args[0]) >= 3 and window.notes_panel.entries() == shown.args[0]
