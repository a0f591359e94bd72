"""The reader's layer in the real window: corrected notes in the Notes panel, highlights made
from a selection in the Annotations panel, kept across runs, shared by windows."""
from __future__ import annotations

import json

import pymupdf
from gui_helpers import drag
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from reader.app import main
from reader.core.document import content_hash
from reader.core.layer import layer_path
from reader.core.paths import Paths


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


# -- highlights from a selection, the Annotations panel -----------------------------------------
UN = "un_A_RES_78_5.pdf"


def _select(window, path, page: int, first: str, last: str) -> None:
    """Drag over the words *first* … *last* (on one line) of 0-based *page*."""
    view = window.page_view
    view.go_to_page(page)
    with pymupdf.open(path) as pdf:
        words = pdf[page].get_text("words")
    a = next(w for w in words if w[4] == first)
    b = next(w for w in words if w[4] == last and abs(w[1] - a[1]) < 2)
    drag(view, view.to_view(page, a[:4]).topLeft() + QPointF(1, 3), view.to_view(page, b[:4]).bottomRight() - QPointF(1, 3))


def _highlight_from_menu(window) -> None:
    """Right-click the selection and choose Highlight."""
    view = window.page_view
    at = view.viewport().rect().center()
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at,
                                                              view.viewport().mapToGlobal(at)))
    next(a for a in view.menu.actions() if a.text() == "Highlight").trigger()
    view.menu.close()


def _ready(window, qtbot):
    """Wait until the window has read the document's layer (after page 1 is drawn)."""
    qtbot.waitUntil(lambda: window.page_view.all_visible_rendered() and not window.busy(), timeout=60000)
    return window


def _shown(window) -> list[str]:
    panel = window.annotations_panel
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def _click_row(window, qtbot, row: int) -> None:
    panel = window.annotations_panel
    window.annotations_dock.raise_()
    qtbot.waitUntil(panel.list.isVisible)
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_highlight_a_selection_restart_and_click_to_go_there(start_window, data_file, tmp_path, qtbot):
    path, paths = data_file(UN), Paths.under(tmp_path / "run")
    window = _ready(start_window(paths, path), qtbot)
    _select(window, path, 0, "Political", "fight")
    _highlight_from_menu(window)
    assert _shown(window) == ["p. 1  highlight: Political declaration of the high-level meeting on the fight"]
    window.close()

    window = _ready(start_window(paths, path), qtbot)   # a new run: the highlight is back, drawn and listed
    assert _shown(window) == ["p. 1  highlight: Political declaration of the high-level meeting on the fight"]
    window.page_view.go_to_page(6)
    qtbot.waitUntil(lambda: window.page_view.current_page() == 6)
    _click_row(window, qtbot, 0)
    qtbot.waitUntil(lambda: window.page_view.current_page() == 0)


def test_delete_then_undo(start_window, data_file, tmp_path, qtbot):
    path = data_file(UN)
    window = _ready(start_window(Paths.under(tmp_path / "run"), path), qtbot)
    _select(window, path, 0, "Political", "declaration")
    qtbot.keyClick(window.page_view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(_shown(window)) == 1
    _click_row(window, qtbot, 0)
    qtbot.mouseClick(window.annotations_panel.delete_button, Qt.MouseButton.LeftButton)
    assert _shown(window) == []
    qtbot.keyClick(window.page_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _shown(window) == ["p. 1  highlight: Political declaration"]


def test_two_windows_highlighting_the_same_document_lose_nothing(start_window, copy_to_tmp, tmp_path, qtbot):
    path = copy_to_tmp(UN)
    moved = tmp_path / "moved.pdf"   # the second window opens a moved copy: the same layer
    moved.write_bytes(path.read_bytes())
    paths = Paths.under(tmp_path / "run")
    one, two = start_window(paths, path), start_window(paths, moved)
    for window in (one, two):
        _ready(window, qtbot)
    _select(one, path, 0, "Political", "declaration")
    _highlight_from_menu(one)
    _select(two, moved, 0, "meeting", "fight")
    _highlight_from_menu(two)
    assert _shown(two) == ["p. 1  highlight: Political declaration", "p. 1  highlight: meeting on the fight"]


def test_a_damaged_layer_is_kept_aside_and_the_user_told(start_window, data_file, tmp_path, qtbot):
    path, paths = data_file(UN), Paths.under(tmp_path / "run")
    stored = layer_path(paths.layers, content_hash(path))
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b'{"format": "ibid-layer", "version": 1, "items": [')
    window = _ready(start_window(paths, path), qtbot)
    qtbot.waitUntil(lambda: "damaged" in window.warning_label.toolTip())
    assert stored.name + ".damaged-" in window.warning_label.toolTip()   # where it is kept
    aside = list(stored.parent.glob("*.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b'{"format": "ibid-layer"')
    assert _shown(window) == []


# -- note corrections in the window ----------------------------------------------------------------
def _note_menu(window, label: str):
    """Right-click the card of note *label* in the Notes panel; its menu."""
    from reader.gui.notespanel import NoteCard
    card = next(c for c in window.notes_panel.findChildren(NoteCard) if c.entry.label == label)
    at = card.label.rect().center()
    QApplication.sendEvent(card.label, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, card.label.mapToGlobal(at)))
    return window.notes_panel.menu


def test_correcting_notes_in_the_window_gives_the_truth_on_the_command_line(
        start_window, data_file, tmp_path, qtbot, monkeypatch, capsys):
    from families.score import figures, score_document

    from reader.gui import dialogs
    path, paths = data_file("layer/missed-and-false.pdf"), Paths.under(tmp_path / "run")
    window = _ready(start_window(paths, path), qtbot)
    qtbot.mouseClick(window.notes_panel.all_box, Qt.MouseButton.LeftButton)   # every note in the panel
    qtbot.waitUntil(lambda: "7" in [e.label for e in window.notes_panel.shown()])

    menu = _note_menu(window, "7")   # the printer's address
    next(a for a in menu.actions() if a.text() == "Not a Note").trigger()
    menu.close()
    assert "7" not in [e.label for e in window.footnotes.entries]

    asked = []
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, prompt, text="": asked.append(text) or "3")
    _select(window, path, 1, "3.", "9.")   # note 3, printed at body size above the rule
    window.make_note_action.trigger()
    _select(window, path, 1, "Special3", "Special3")   # its marker, glued to the word
    window.link_note_action.trigger()
    assert asked == ["3", "3"]   # the labels offered: the selection's own
    three = next(e for e in window.footnotes.entries if e.label == "3")
    assert (three.source, three.text, [r.page for r in three.refs]) == (
        "corrected", "See the report of the Special Rapporteur, A/HRC/43/5, para. 9.", [1])
    from reader.gui.notespanel import NoteCard
    qtbot.waitUntil(lambda: any(c.entry.label == "3" for c in window.notes_panel.findChildren(NoteCard)))
    card = next(c for c in window.notes_panel.findChildren(NoteCard) if c.entry.label == "3")
    assert card.label.toolTip().startswith("Your correction: ")   # how the note was found, in its card
    window.annotations_dock.raise_()
    assert _shown(window) == ["p. 2  correction: note 3 made from the page",
                              "p. 2  correction: a marker linked to note 3 (p. 2)",
                              "p. 3  correction: note 7 (p. 3) is not a note"]

    capsys.readouterr()
    assert main(["footnotes", str(path), "--json", "--no-library", "--basedir", str(paths.base)]) == 0
    truth = json.loads(data_file("layer/missed-and-false.pdf.footnotes.json").read_text(encoding="utf-8"))
    result = figures(score_document(truth, json.loads(capsys.readouterr().out)["footnotes"])["counts"])
    assert (result["f1"], result["links"]) == (1.0, 1.0)

    # Deleting a correction in the Annotations panel gives the engine's note back.
    _click_row(window, qtbot, 2)
    qtbot.mouseClick(window.annotations_panel.delete_button, Qt.MouseButton.LeftButton)
    assert "7" in [e.label for e in window.footnotes.entries]


def test_comment_bookmark_save_a_copy_and_export_markdown(start_window, copy_to_tmp, tmp_path, qtbot, monkeypatch):
    from reader.gui import dialogs
    path = copy_to_tmp(UN)
    original = path.read_bytes()
    answers = iter(["The scale of the problem", "Start here"])
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, prompt, text="": next(answers))
    saved = {"Save a Copy with Annotations": tmp_path / "annotated.pdf",
             "Export Annotations as Markdown": tmp_path / "notes.md"}
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, title, suggested, filters: saved[title])
    window = _ready(start_window(Paths.under(tmp_path / "run"), path), qtbot)
    _select(window, path, 0, "Political", "fight")
    qtbot.keyClick(window.page_view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _click_row(window, qtbot, 0)
    qtbot.mouseClick(window.annotations_panel.comment_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.page_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)   # bookmark page 1
    assert _shown(window) == [
        "p. 1  highlight: Political declaration of the high-level meeting on the fight — The scale of the problem",
        "p. 1  bookmark: Start here"]

    window.save_copy_action.trigger()
    assert path.read_bytes() == original
    with pymupdf.open(saved["Save a Copy with Annotations"]) as pdf:
        marks = [(a.type[1], a.info["content"]) for a in pdf[0].annots()]
    assert marks == [("Highlight", "The scale of the problem")]
    window.export_annotations_action.trigger()
    assert saved["Export Annotations as Markdown"].read_text(encoding="utf-8") == (
        "> Political declaration of the high-level meeting on the fight (A/RES/78/5, p. 1)\n\n"
        "The scale of the problem\n")


def test_a_changed_file_keeps_its_highlights_and_the_window_says_so(start_window, copy_to_tmp, tmp_path, qtbot):
    path, paths = copy_to_tmp(UN), Paths.under(tmp_path / "run")
    window = _ready(start_window(paths, path), qtbot)
    _select(window, path, 0, "Political", "fight")
    _highlight_from_menu(window)
    window.close()
    with pymupdf.open(path) as pdf:   # edited and saved over: another content
        pdf.delete_page(pdf.page_count - 1)
        data = pdf.tobytes(garbage=3)
    path.write_bytes(data)
    window = _ready(start_window(paths, path), qtbot)
    qtbot.waitUntil(lambda: "changed since you annotated it" in window.warning_label.toolTip())
    assert _shown(window) == ["p. 1  highlight: Political declaration of the high-level meeting on the fight"]


def test_underline_in_another_colour_and_filter_by_colour(start_window, data_file, tmp_path, qtbot):
    from reader.core.layer import DEFAULT_COLOUR
    from reader.gui.annotations import HIGHLIGHT_COLOURS
    assert next(iter(HIGHLIGHT_COLOURS.values())) == DEFAULT_COLOUR   # the window's first colour is the default
    path = data_file(UN)
    window = _ready(start_window(Paths.under(tmp_path / "run"), path), qtbot)
    _select(window, path, 0, "Political", "declaration")
    _highlight_from_menu(window)
    next(a for a in window.colour_actions.actions() if a.text() == "Green").trigger()
    _select(window, path, 0, "meeting", "fight")
    qtbot.keyClick(window.page_view, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _shown(window) == ["p. 1  highlight: Political declaration", "p. 1  underline: meeting on the fight"]
    box = window.annotations_panel.colour_box
    assert [box.itemText(i) for i in range(box.count())] == ["All colours", "Yellow", "Green"]
    window.annotations_dock.raise_()
    qtbot.waitUntil(box.isVisible)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_End)   # the last colour: Green
    assert _shown(window) == ["p. 1  underline: meeting on the fight"]
