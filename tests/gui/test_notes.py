"""The Notes panel, marker popups, citations and Back, on the real window."""
from __future__ import annotations

import json

import pytest
from gui_helpers import count_opens
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices

from reader.core.notes import NoteEntry, note_html


def _wait_notes(window, qtbot):
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert window.footnotes.entries, "the footnote analysis found no notes"
    return {e.label: e for e in window.footnotes.entries}


def _marker_point(view, entry: NoteEntry) -> QPoint:
    ref = entry.refs[0]
    view.reveal(ref.page, ref.rect, record=False)
    return view.to_view(ref.page, ref.rect).center().toPoint()


def test_seed_hover_click_ibid_and_back(open_doc, seed, qtbot):
    window = open_doc(seed)
    notes = _wait_notes(window, qtbot)
    assert set(notes) == {"*", "1", "2", "3", "4", "5", "6", "7"}
    view = window.page_view
    start = window.here()

    # Hover the marker of note 1: its text pops up.
    point = _marker_point(view, notes["1"])
    qtbot.waitUntil(view.all_visible_rendered)
    with qtbot.waitSignal(view.marker_hovered):
        qtbot.mouseMove(view.viewport(), point)
    assert window.footnote_popup.isVisible()
    assert "biweekly press briefing" in window.footnote_popup.note_text()

    # Click it: the note is selected in the panel.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.notes_panel.current().label == "1"

    # Note 6 says "Ibid.": following it shows note 5.
    six = notes["6"]
    ibid = [i for i, c in enumerate(six.citations) if c.type == "back-reference"]
    assert ibid and six.citations[ibid[0]].target == "5"
    window.notes_panel.citation_activated.emit(six, ibid[0])
    assert window.notes_panel.current().label == "5"

    # Jump to note 5's place at the page foot, then Back returns exactly.
    before = window.here()
    window.footnotes.show_note_place(notes["5"])
    qtbot.waitUntil(lambda: view.current_page() == notes["5"].page)
    assert window.back_action.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.here().page == before.page)
    assert abs(window.here().y - before.y) < 1.0
    assert start.path == window.here().path


def test_unlinked_un_pdf_lists_notes_of_page_2(open_doc, data_file, qtbot):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    _wait_notes(window, qtbot)
    window.page_view.go_to_page(1)
    qtbot.waitUntil(lambda: window.page_view.current_page() == 1)
    qtbot.waitUntil(lambda: window.notes_panel.shown() != [])
    labels = [e.label for e in window.notes_panel.shown()]
    for label in ("2", "3", "4", "5", "6", "7", "8"):
        assert label in labels
    assert all(e.source == "layout" for e in window.notes_panel.shown())


def test_urls_open_in_browser_only_when_safe(open_doc, seed, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window = open_doc(seed)
    notes = _wait_notes(window, qtbot)
    two = notes["2"]
    index = next(i for i, c in enumerate(two.citations) if c.type == "url")
    window.notes_panel.citation_activated.emit(two, index)
    assert opened == ["https://azerbaijan.un.org/en/248051-un-team-completes-mission-karabakh"]
    for hostile in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "file:///etc/passwd", "data:text/html,x"):
        assert window.footnotes.open_url(hostile) is False
    assert len(opened) == 1


def test_next_previous_note_keys_and_export(open_doc, seed, qtbot, tmp_path, monkeypatch):
    from reader.gui import dialogs
    window = open_doc(seed)
    _wait_notes(window, qtbot)
    window.notes_panel.all_box.setChecked(True)
    window.page_view.setFocus()
    qtbot.keyClick(window.page_view, Qt.Key.Key_BracketRight)
    first = window.notes_panel.current()
    qtbot.keyClick(window.page_view, Qt.Key.Key_BracketRight)
    assert window.notes_panel.current().key == first.key + 1
    qtbot.keyClick(window.page_view, Qt.Key.Key_BracketLeft)
    assert window.notes_panel.current().key == first.key
    target = tmp_path / "notes.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: target)
    window.export_actions[1].trigger()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("label,kind,pages,text,citations")
    assert "Reissued for technical reasons" in text and text.count("\n") >= 9


def test_un_symbol_opens_the_library_copy_at_the_cited_paragraph_and_back_returns(main_window, qtbot, tmp_path,
                                                                                 data_file):
    window = main_window
    library = tmp_path / "library"
    library.mkdir()
    (library / "un_A_RES_78_5.pdf").write_bytes(data_file("un_A_RES_78_5.pdf").read_bytes())
    memo = library / "memo.md"
    memo.write_text("# Memo\n\nThe declaration on tuberculosis.<sup>1</sup>\n\n---\n\n"
                    "<sup>1</sup> General Assembly resolution 78/5, para. 20.\n", encoding="utf-8")
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(library)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(memo)
    notes = _wait_notes(window, qtbot)
    cit = notes["1"].citations[0]
    assert cit.value == "A/RES/78/5" and cit.local.endswith("un_A_RES_78_5.pdf")
    assert cit.paragraph == 20 and cit.page == 4   # 0-based: the fifth page
    assert 'title="Open A/RES/78/5 from your library, paragraph 20 (page 5)"' in note_html(notes["1"])
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.notes_panel.citation_activated.emit(notes["1"], 0)
    assert window.document.path.name == "un_A_RES_78_5.pdf"
    assert window.page_view.current_page() == 4          # "20. Welcome the commitment …"
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.back_action.trigger()
    assert window.document.path == memo


def test_analysis_of_a_long_document_can_be_stopped(main_window, qtbot, tmp_path, data_file):
    import pymupdf
    source = pymupdf.open(data_file("un_A_RES_78_5.pdf"))
    long = pymupdf.open()
    for _ in range(40):
        long.insert_pdf(source)
    path = tmp_path / "long.pdf"
    long.save(path)
    window = main_window
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(path)
    qtbot.waitUntil(window.notes_panel.cancel_button.isVisible, timeout=5000)
    assert window.footnotes.busy()
    window.page_view.go_to_page(300)          # the window answers while the child works
    qtbot.waitUntil(window.page_view.all_visible_rendered, timeout=10000)
    window.notes_panel.cancel_button.click()
    assert not window.footnotes.busy()
    assert "stopped" in window.notes_panel.empty.text()


def test_a_citation_link_can_be_copied(open_doc, seed, qtbot):
    from PySide6.QtGui import QGuiApplication
    window = open_doc(seed)
    notes = _wait_notes(window, qtbot)
    three = notes["3"]
    index = next(i for i, c in enumerate(three.citations) if c.type == "url")
    window.notes_panel.citation_menu_requested.emit(three, index, QPoint(100, 100))
    menu = window.footnotes._menu
    copy = next(a for a in menu.actions() if a.text().startswith("Copy link"))
    copy.trigger()
    assert QGuiApplication.clipboard().text() == "https://caliber.az/en/post/207092/"
    menu.close()


def test_a_link_no_browser_opened_is_reported_and_copied(open_doc, seed, qtbot, monkeypatch):
    from PySide6.QtGui import QGuiApplication
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)   # no browser started
    window = open_doc(seed)
    notes = _wait_notes(window, qtbot)
    two = notes["2"]
    index = next(i for i, c in enumerate(two.citations) if c.type == "url")
    url = "https://azerbaijan.un.org/en/248051-un-team-completes-mission-karabakh"
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(window.footnotes.message) as said:
        window.notes_panel.citation_activated.emit(two, index)
    assert said.args[0] == f"Could not open a browser for {url}; the address was copied to the clipboard."
    assert "Opened" not in window.statusBar().currentMessage()
    assert QGuiApplication.clipboard().text() == url


def _card(window, label: str):
    return next(c for c in window.notes_panel._cards() if c.entry.label == label)


def _link_point(label, qtbot) -> QPoint:
    """A point of *label* over a citation link, found as the mouse finds it (hovering)."""
    card = label.parentWidget()
    for y in range(4, label.height() - 2, 5):
        for x in range(4, label.width() - 2, 8):
            qtbot.mouseMove(label, QPoint(x, y))
            if card._hovered_link.startswith("ibid-cite:"):
                return QPoint(x, y)
    raise AssertionError("no citation link found in the note")


def test_clicking_a_notes_text_goes_to_the_note_and_its_links_still_work(open_doc, seed, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window = open_doc(seed)
    notes = _wait_notes(window, qtbot)
    view = window.page_view
    window.notes_panel.all_box.setChecked(True)
    seven = notes["7"]
    ref = seven.refs[0]
    view.go_to_page(0 if ref.page > 0 else view.page_count() - 1)
    assert not view.viewport().rect().contains(view.to_view(ref.page, ref.rect).toRect())
    card = _card(window, "7")
    window.notes_panel.list.ensureWidgetVisible(card)
    # A click on the words of the note (its first line: label and page), not on a link.
    qtbot.mouseClick(card.label, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))
    qtbot.waitUntil(lambda: view.viewport().rect().contains(view.to_view(ref.page, ref.rect).toRect()))
    assert window.notes_panel.current().label == "7"
    assert window.back_action.isEnabled()
    # A citation inside a note's text is still a link of its own.
    two = _card(window, "2")
    window.notes_panel.list.ensureWidgetVisible(two)
    point = _link_point(two.label, qtbot)
    picked = []
    window.notes_panel.note_activated.connect(picked.append)
    with qtbot.waitSignal(window.notes_panel.citation_activated):
        qtbot.mouseClick(two.label, Qt.MouseButton.LeftButton, pos=point)
    qtbot.wait(20)   # let a (wrong) deferred "note clicked" arrive, if any
    assert opened and opened[0].startswith("https://")
    assert picked == []          # following the link did not also move the page


@pytest.mark.parametrize("name", ["un_A_80_L.23.pdf", "un-letter-2025-04-01.md"])
def test_a_document_the_index_has_read_shows_its_notes_without_analysing_it(name, main_window, qtbot, tmp_path,
                                                                            data_file, monkeypatch, capsys):
    from reader.app import main
    from reader.core import record
    from reader.core.document import content_hash
    window = main_window
    library = tmp_path / "library"
    library.mkdir()
    path = library / name
    path.write_bytes(data_file(name).read_bytes())
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(library)
    stored = record.record_path(window.paths.records, content_hash(path))
    made = stored.stat().st_mtime_ns           # the indexer prepared it
    started, opened, laid_out = count_opens(monkeypatch)
    with qtbot.waitSignal(window.footnotes.notes_ready, timeout=30000) as shown:
        window.open_document(path)
    assert started == [] and len(opened) == 1 and laid_out == []  # one opening for the view, no analysis
    assert stored.stat().st_mtime_ns == made
    assert main(["footnotes", str(path), "--json", "--basedir", str(window.paths.base)]) == 0
    printed = json.loads(capsys.readouterr().out)["footnotes"]
    assert [(e.label, e.text) for e in shown.args[0]] == [(n["label"], n["note_text"]) for n in printed]
    assert window.notes_panel.isVisible() and len(printed) >= 8


def test_a_big_file_finds_its_record_through_the_child(main_window, qtbot, data_file, monkeypatch):
    from reader.core import record
    from reader.core.document import content_hash
    from reader.gui import footnotes
    path = data_file("un_A_RES_78_5.pdf")
    monkeypatch.setattr(footnotes, "HASH_HERE_BYTES", 0)   # every file is "big": not hashed on the GUI thread
    window = main_window
    with qtbot.waitSignal(window.footnotes.notes_ready, timeout=60000) as first:
        window.open_document(path)          # no record yet: the child makes it
    stored = record.record_path(window.paths.records, content_hash(path))
    made = stored.stat().st_mtime_ns
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(data_file("un_A_80_L.23.pdf"))
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    with qtbot.waitSignal(window.footnotes.notes_ready, timeout=60000) as again:
        window.open_document(path)          # the child finds the record and reads nothing again
    assert stored.stat().st_mtime_ns == made
    assert [(e.label, e.text, e.refs) for e in again.args[0]] == [(e.label, e.text, e.refs) for e in first.args[0]]


def test_enter_after_bracket_follows_the_picked_note_while_the_page_has_focus(open_doc, seed, qtbot, monkeypatch):
    """Issue 19, defect 12: `]` picks a note from the page, but Enter then did nothing
    unless the Notes panel had the focus (the README lists Enter with `]`)."""
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window = open_doc(seed)
    notes = _wait_notes(window, qtbot)
    view = window.page_view
    view.setFocus()
    while window.notes_panel.current() is None or window.notes_panel.current().label != "2":
        qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [notes["2"].citations[0].url]
    assert opened == ["https://azerbaijan.un.org/en/248051-un-team-completes-mission-karabakh"]
