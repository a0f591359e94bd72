"""Page layouts: which pages sit side by side, how a turned page maps its points, how it is kept."""
from __future__ import annotations

import pytest

from reader.core.pagelayout import PageLayout, from_shown, rows, shown_size, to_shown
from reader.core.state import ReadingState


def test_rows_single_facing_and_book_spreads():
    assert rows(3, PageLayout()) == [(0,), (1,), (2,)]
    assert rows(5, PageLayout(facing=True)) == [(0,), (1, 2), (3, 4)]
    assert rows(5, PageLayout(facing=True, first_alone=False)) == [(0, 1), (2, 3), (4,)]
    assert rows(0, PageLayout(facing=True)) == []


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_point_turned_and_back_is_the_same_point(rotation):
    size = (595.0, 842.0)
    x, y = to_shown(100.0, 50.0, size, rotation)
    width, height = shown_size(size, rotation)
    assert 0 <= x <= width and 0 <= y <= height
    assert from_shown(x, y, size, rotation) == pytest.approx((100.0, 50.0))


def test_turned_right_the_top_left_corner_goes_to_the_top_right():
    assert to_shown(0.0, 0.0, (595.0, 842.0), 90) == (842.0, 0.0)
    assert PageLayout().rotated(-90).rotation == 270 and PageLayout(rotation=270).rotated(90).rotation == 0


def test_kept_per_document_and_a_damaged_entry_is_the_default(tmp_path):
    state = ReadingState(tmp_path / "reading.json")
    state.set_page_layout("doc-a", PageLayout(90, True, False))
    again = ReadingState(tmp_path / "reading.json")
    assert again.page_layout("doc-a") == PageLayout(90, True, False)
    assert again.page_layout("doc-b") == PageLayout()
    assert PageLayout.from_json([45, True, True]) is None and PageLayout.from_json("x") is None
