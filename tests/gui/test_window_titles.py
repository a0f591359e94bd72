"""The window title and File > Open Recent name a document as the Library tab does: its UN
symbol and its title, not a file name or a metadata title left by Word."""
from __future__ import annotations

import pymupdf

from index import catalogue
from reader.core.paths import Paths

JUNK = "Microsoft Word - 2320108.docx"


def _wait_named(window, qtbot, start: str) -> None:
    """The title is found from page 1 once it is drawn: wait for it."""
    qtbot.waitUntil(lambda: window.windowTitle().startswith(start), timeout=10000)
    qtbot.waitUntil(lambda: window.state.recent() and window.recent_menu.actions()[0].text().startswith(start),
                    timeout=10000)


def test_window_title_and_open_recent_use_the_library_titles(start_window, qtbot, tmp_path, data_file,
                                                             monkeypatch):
    folder = tmp_path / "un"
    folder.mkdir()
    resolution = folder / "un_A_RES_78_5.pdf"
    with pymupdf.open(data_file("un_A_RES_78_5.pdf")) as pdf:   # as Word leaves it: a junk metadata title
        pdf.set_metadata({**pdf.metadata, "title": JUNK})
        pdf.save(resolution)
    draft = folder / "un_A_80_L.23.pdf"
    draft.write_bytes(data_file("un_A_80_L.23.pdf").read_bytes())
    paths = Paths.under(tmp_path / "ibid")
    window = start_window(paths)
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        window.library.add_folder(folder)
    assert done.args[0] == 0, done.args[1]
    library = {e.paths[0]: e for e in catalogue.load(paths.index_dir)}     # what the Library tab lists
    named = {p: f"{e.symbol} \u2014 {e.title}" for p, e in library.items()}
    assert named[str(resolution)].startswith("A/RES/78/5 \u2014 Political declaration of the high-level meeting")

    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(resolution)
    _wait_named(window, qtbot, "A/RES/78/5")
    assert window.windowTitle() == f"{named[str(resolution)]} \u2014 Ibid"
    assert JUNK not in window.windowTitle() and resolution.name not in window.windowTitle()
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(draft)
    _wait_named(window, qtbot, "A/80/L.23")
    assert window.windowTitle() == f"{named[str(draft)]} \u2014 Ibid"
    texts = [a.text() for a in window.recent_menu.actions()[:2]]
    assert texts == [named[str(p)][:79].rstrip() + "…" for p in (draft, resolution)]   # long titles cut
    tip = window.recent_menu.actions()[1].toolTip()             # the whole title and the path on hover
    assert tip == f"{named[str(resolution)]}\n{resolution}"
    window.close()

    # A restart names the recent files without opening any of them, and the window is named
    # at once when one is reopened.
    opened = []
    real_open = pymupdf.open
    monkeypatch.setattr(pymupdf, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    again = start_window(paths)
    assert [a.text() for a in again.recent_menu.actions()[:2]] == texts and opened == []
    with qtbot.waitSignal(again.document_opened, timeout=30000):
        again.recent_menu.actions()[1].trigger()
    assert again.windowTitle() == f"{named[str(resolution)]} \u2014 Ibid"
