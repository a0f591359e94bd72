"""View > Text Size and View > Margins lay a reflowable document out again (issue 19): the
same text stays at the top of the view, the notes are found again for the new pages, and the
choice is kept in the settings."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from reader.core.textlayout import anchor_phrase

#: How far below the top of the view (points) the words that were at the top may come back.
TOP_LINES = 40.0


def _top_text(window) -> str:
    here = window.page_view.location()
    return anchor_phrase(window.document.page(here.page).words(), here.y)


def _at_top(window, phrase: str) -> bool:
    """*phrase* is printed on the page at the top of the view, in its first lines."""
    here = window.page_view.location()
    return any(here.y <= rect[1] <= here.y + TOP_LINES for rect in window.document.page(here.page).search(phrase))


def _notes_ready(window, qtbot) -> list:
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    return window.footnotes.entries


def _relaid(window, qtbot, trigger) -> None:
    with qtbot.waitSignal(window.document_opened, timeout=60000):
        trigger()
    qtbot.waitUntil(window.page_view.all_visible_rendered, timeout=10000)


@pytest.mark.parametrize(("name", "page"), [("un-letter-2025-04-01.md", 1), ("se-wollstonecraft-excerpt.epub", 6)])
def test_larger_text_and_wide_margins_keep_the_place_and_the_notes(name, page, open_doc, data_file, qtbot):
    window = open_doc(data_file(name))
    notes = _notes_ready(window, qtbot)
    assert notes
    pages = window.document.page_count
    view = window.page_view
    view.go_to_page(page)
    qtbot.waitUntil(view.all_visible_rendered, timeout=10000)
    before = _top_text(window)
    assert len(before.split()) >= 3
    view.setFocus()
    # View > Text Size > Larger, twice, from the keyboard (Ctrl+Alt+=).
    for _ in range(2):
        _relaid(window, qtbot, lambda: QTest.keyClick(view, Qt.Key.Key_Equal,
                                                      Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
    assert window.settings.text_size == 13.0
    assert window.document.page_count > pages                   # the same text on more pages
    assert _at_top(window, before)                             # and the same words at the top
    larger = _notes_ready(window, qtbot)
    assert [n.label for n in larger] == [n.label for n in notes]            # the notes resolve again
    assert all(n.page < window.document.page_count for n in larger)
    assert any(n.page != o.page for n, o in zip(larger, notes))              # on the new pages
    # View > Margins > Wide, from the menu.
    wide = next(a for a in window.text_size.margin_actions.actions() if a.text() == "Wide")
    _relaid(window, qtbot, wide.trigger)
    assert window.settings.margins == "wide" and wide.isChecked()
    assert _at_top(window, before)
    assert [n.label for n in _notes_ready(window, qtbot)] == [n.label for n in notes]
    _relaid(window, qtbot, window.text_size.reset_action.trigger)           # View > Text Size > Reset
    assert window.settings.text_size == 11.0


def test_text_size_is_off_for_a_pdf(open_doc, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    assert not window.text_size.larger_action.isEnabled()
    assert not any(a.isEnabled() for a in window.text_size.margin_actions.actions())
