"""The tabs open at quit, kept in the shared reading state for the next start."""
from __future__ import annotations

import json
from pathlib import Path

from reader.core.navigation import Location
from reader.core.state import OpenTab, ReadingState


def test_open_tabs_come_back_with_their_place_zoom_and_pane(tmp_path):
    state = ReadingState(tmp_path / "reading.json")
    tabs = [OpenTab(tmp_path / "a.pdf", Location(3, 120.5, 1.5)),
            OpenTab(tmp_path / "b.pdf", Location(0, 0.0, 0.8, fit="width"), pane=1)]
    state.set_open_tabs(tabs, current=1)
    again, front = ReadingState(tmp_path / "reading.json").open_tabs()
    assert again == tabs and front == 1


def test_damaged_entries_are_left_out_and_nothing_kept_means_no_tabs(tmp_path):
    file = tmp_path / "reading.json"
    assert ReadingState(file).open_tabs() == ([], 0)
    good = {"path": str(tmp_path / "a.pdf"), "page": 2, "y": 10, "zoom": 1.25, "fit": "none", "pane": 0}
    file.write_text(json.dumps({"open_tabs": [good, {"path": 5, "page": 1}, {"page": "x"}, "junk",
                                              {**good, "page": -1}], "current_tab": 7}))
    tabs, front = ReadingState(file).open_tabs()
    assert tabs == [OpenTab(Path(good["path"]), Location(2, 10.0, 1.25))] and front == 0
