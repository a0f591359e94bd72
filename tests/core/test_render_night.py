"""Night rendering: text light on a dark page, pictures as they are."""
from __future__ import annotations

import pymupdf

from reader.core.render import NIGHT_PAGE, render_page


def _pixel(rendered, x: int, y: int) -> tuple[int, int, int]:
    at = y * rendered.stride + x * 3
    return tuple(rendered.samples[at:at + 3])


def test_night_inverts_text_and_keeps_pictures(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=300)
    page.insert_text((20, 40), "Night reading", fontsize=24)
    page.insert_text((20, 90), "A blue link", fontsize=24, color=(0, 0, 0.8))
    red = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    red.set_rect(red.irect, (220, 30, 30))
    page.insert_image(pymupdf.Rect(100, 150, 200, 250), pixmap=red)
    day, night = render_page(doc, 0, 1.0), render_page(doc, 0, 1.0, night=True)
    assert _pixel(day, 5, 5) == (255, 255, 255)
    dark = NIGHT_PAGE.to_bytes(3, "big")
    assert all(abs(a - b) <= 6 for a, b in zip(_pixel(night, 5, 5), dark, strict=True))   # the dark page
    words_day = [_pixel(day, x, y) for x in range(20, 180) for y in range(20, 45)]
    words_night = [_pixel(night, x, y) for x in range(20, 180) for y in range(20, 45)]
    assert min(map(sum, words_day)) < 100 and max(map(sum, words_night)) > 500   # dark text -> light text
    blue = max((_pixel(night, x, y) for x in range(20, 160) for y in range(70, 95)), key=lambda p: p[2] - p[0])
    assert blue[2] > blue[0] + 80 and sum(blue) > 250      # still blue, and lighter: readable on the dark page
    assert _pixel(night, 150, 200) == _pixel(day, 150, 200) == (220, 30, 30)       # the picture unchanged
