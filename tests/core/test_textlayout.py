"""Text size and margins of reflowable documents (reader.core.textlayout), as the core lays them out."""
from __future__ import annotations

import pytest

from reader.core import record
from reader.core.document import Document, layout_cache_path
from reader.core.reflow import CSS
from reader.core.textlayout import DEFAULT, LayoutKeyError, TextLayout, anchor_phrase, find_phrase


def test_keys_name_every_layout_but_the_default():
    assert DEFAULT.key == "" and TextLayout.from_key("") == DEFAULT
    wide = TextLayout(14.0, "wide")
    assert wide.key == "14-wide" and TextLayout.from_key("14-wide") == wide
    for bad in ("15-wide", "14-huge", "big", "-"):
        with pytest.raises(LayoutKeyError, match="is not a text layout"):
            TextLayout.from_key(bad)
    assert TextLayout.from_settings(99.0, "odd") == DEFAULT          # a bad setting reads as the default


def test_steps_stop_at_the_ends_and_reset_keeps_the_margins():
    assert TextLayout(24.0, "wide").step(1) == TextLayout(24.0, "wide")
    assert TextLayout(8.0).step(-1) == TextLayout(8.0)
    assert TextLayout(11.0).step(1) == TextLayout(12.0) and TextLayout(16.0, "narrow").step(0) == TextLayout(11.0, "narrow")


def test_the_story_css_scales_font_sizes_only():
    css = TextLayout(22.0).story_css(CSS)
    assert "font-size: 22pt" in css and "font-size: 34pt" in css        # body 11 -> 22, h1 17 -> 34
    assert "margin: 0 0 7pt 0" in css                                   # spacing as it was
    assert DEFAULT.story_css(CSS) == CSS


def test_a_layout_has_its_own_cache_entry_and_record_the_default_keeps_its_names(tmp_path, data_file):
    letter = data_file("un-letter-2025-04-01.md")
    assert layout_cache_path(letter, tmp_path, DEFAULT) == layout_cache_path(letter, tmp_path)
    assert layout_cache_path(letter, tmp_path, TextLayout(14.0)) != layout_cache_path(letter, tmp_path)
    assert record.record_path(tmp_path, "abc", "") == record.record_path(tmp_path, "abc")
    assert record.record_path(tmp_path, "abc", "14-wide") != record.record_path(tmp_path, "abc")


@pytest.mark.parametrize("name", ["un-letter-2025-04-01.md", "se-wollstonecraft-excerpt.epub"])
def test_larger_text_takes_more_pages_and_the_same_words_are_found_again(name, tmp_path, data_file):
    normal = Document.open(data_file(name), cache_dir=tmp_path)
    larger = Document.open(data_file(name), cache_dir=tmp_path, text=TextLayout(16.0, "wide"))
    again = Document.open(data_file(name), cache_dir=tmp_path)        # the default, after another layout
    assert larger.page_count > normal.page_count == again.page_count
    assert larger.text == TextLayout(16.0, "wide") and normal.text == DEFAULT
    page = normal.page_count // 2
    phrase = anchor_phrase(normal.page(page).words(), 100.0)
    assert len(phrase.split()) >= 3
    found = find_phrase(larger, phrase, page * larger.page_count // normal.page_count)
    assert found is not None and found[0] >= page
    assert find_phrase(larger, "no such words anywhere in it", 0) is None
