"""Selecting text with the mouse and keys, and what Copy puts on the clipboard (issue 19).

dowith-notes-in-a-small-section.pdf page 5 (index 4) is set by TeX: ligatures (ﬀ, ﬁ) in the
text, note markers 13-15 glued to words ("exceptionally).13", "ﬁle.15"), paragraphs broken
over several lines and a word broken at a line end ("some-" / "thing.").
"""
from __future__ import annotations

import pymupdf
from gui_helpers import drag
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication

PAGE = 4
LIGATURES = tuple(chr(c) for c in range(0xFB00, 0xFB07))


def _open(open_doc, data_file, qtbot):
    window = open_doc(data_file("dowith-notes-in-a-small-section.pdf"))
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)     # the notes, and so the markers
    assert {"13", "14", "15"} <= {e.label for e in window.footnotes.entries}
    window.page_view.reveal(PAGE, (0, 0, 10, 10), record=False)
    window.page_view.setFocus()
    return window


def _words(data_file):
    return pymupdf.open(data_file("dowith-notes-in-a-small-section.pdf"))[PAGE].get_text("words")


def _at(view, word) -> QPointF:
    return view.to_view(PAGE, word[:4]).center()


def _copy(view, qtbot) -> str:
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QGuiApplication.clipboard().text()


def test_double_click_selects_a_word_and_copy_spells_out_its_ligature(open_doc, data_file, qtbot):
    window = _open(open_doc, data_file, qtbot)
    view = window.page_view
    word = next(w for w in _words(data_file) if w[4] == "o\ufb00er")
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, word).toPoint())
    assert view.selected_text() == "o\ufb00er"
    assert _copy(view, qtbot) == "offer"


def test_triple_click_selects_the_line(open_doc, data_file, qtbot):
    window = _open(open_doc, data_file, qtbot)
    view = window.page_view
    words = _words(data_file)
    word = next(w for w in words if w[4] == "whose")
    line = [w[4] for w in words if w[5:7] == word[5:7]]
    pos = _at(view, word).toPoint()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.selected_text() == " ".join(line)
    assert view.selected_text().startswith("so the token whose name is input")


def test_copy_joins_lines_of_a_paragraph_and_drops_note_markers(open_doc, data_file, qtbot):
    window = _open(open_doc, data_file, qtbot)
    view = window.page_view
    words = _words(data_file)
    first = next(w for w in words if w[4] == "The")              # "The TEXbook does oﬀer…" (note 13, 14)
    last = next(w for w in words if w[4] == "buﬀer." and w[1] > first[1])   # end of the next paragraph
    drag(view, view.to_view(PAGE, first[:4]).topLeft() + QPointF(1, 3),
         view.to_view(PAGE, last[:4]).bottomRight() - QPointF(1, 3))
    assert "exceptionally).13" in " ".join(w[4] for w in words)      # as printed
    text = _copy(view, qtbot)
    one, two = text.split("\n")                                  # two paragraphs, each one line
    assert one.startswith("The TEXbook does offer an alternative notation for named tokens")
    assert "(used only exceptionally). I would suggest" in one
    assert one.endswith("for brevity.")
    assert two.startswith("Named tokens may get into") and two.endswith("the character buffer.")
    assert not any(c in text for c in LIGATURES)


def test_select_all_takes_the_page_in_view_and_copy_mends_a_broken_word(open_doc, data_file, qtbot):
    window = _open(open_doc, data_file, qtbot)
    view = window.page_view
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)    # Edit > Select All
    assert view.selected_pages() == [PAGE]
    assert [tuple(rect) for _page, rect in view.selected_areas()] == [tuple(w[:4]) for w in _words(data_file)]
    text = _copy(view, qtbot)
    assert "as if it explained something." in text                # "some-" / "thing." in note 13
    assert "in any file.\n" in text                               # "ﬁle.15": ligature out, marker gone
    assert not any(c in text for c in LIGATURES)
