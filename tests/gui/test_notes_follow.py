"""The Notes panel follows the pages in view without redoing its list at every page passed
(issue 23: scrolling 1,000 pages with the panel filled cost 36 s of CPU, 7 s now)."""
from __future__ import annotations

import pytest

from reader.core.notes import notes_for_pages
from reader.gui import notespanel


@pytest.fixture
def made_cards(monkeypatch):
    """The notes whose card the panel lays out (a card's rich text is what costs)."""
    made = []
    real = notespanel.NoteCard
    monkeypatch.setattr(notespanel, "NoteCard", lambda entry, *a, **k: made.append(entry.key) or real(entry, *a, **k))
    return made


def test_the_panel_shows_the_notes_of_the_pages_where_scrolling_stops(open_doc, data_file, qtbot, made_cards):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    qtbot.waitUntil(lambda: not window.busy() and bool(window.footnotes.entries), timeout=60000)
    panel, view, entries = window.notes_panel, window.page_view, window.footnotes.entries
    visible = []
    view.visible_pages_changed.connect(visible.append)

    def in_view():
        return notes_for_pages(entries, visible[-1])

    view.go_to_page(1)
    qtbot.waitUntil(lambda: bool(visible) and panel.shown() == in_view() != [], timeout=10000)
    assert set(made_cards) >= {e.key for e in in_view()}
    made_cards.clear()
    last = view.page_count() - 1
    for page in range(2, last + 1):          # through every page, no pause
        view.go_to_page(page)
    qtbot.waitUntil(lambda: visible[-1].stop == last + 1 and panel.shown() == in_view(), timeout=10000)
    assert f"page {last + 1}" in panel.header.text() or f"–{last + 1}" in panel.header.text()
    assert sorted(made_cards) == sorted(e.key for e in in_view())   # none for the pages passed
    made_cards.clear()
    view.go_to_page(1)                       # back: the cards of page 2 are still there
    qtbot.waitUntil(lambda: visible[-1].start == 1 and panel.shown() == in_view(), timeout=10000)
    assert made_cards == []
