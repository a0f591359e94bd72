"""The reader's text size and margins for reflowable documents (EPUB, Markdown, HTML, text).

A PDF's pages are fixed; a reflowable document is laid out into pages by Ibid (Markdown,
HTML, text: :mod:`reader.core.reflow`) or by MuPDF (EPUB). ``TextLayout`` says how: the body
text size in points and the margins. The default layout has the key "" and is the one the
index, ``ibid footnotes`` and every record made before this setting existed use; another
layout keys its own layout cache entry and its own prepared record (its pages differ).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.errors import ReaderError

#: The text sizes View > Text Size steps through (points of body text); DEFAULT_SIZE is the
#: size Ibid always laid out at (reflow.CSS's 11pt body; MuPDF's own EPUB default).
TEXT_SIZES = (8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 16.0, 18.0, 20.0, 24.0)
DEFAULT_SIZE = 11.0
#: Margins by name: (points around a Markdown/HTML/text page, an EPUB's CSS @page margin in
#: points or None for the book's own). "normal" is what Ibid always used.
MARGINS: dict[str, tuple[float, float | None]] = {"narrow": (28.0, 10.0), "normal": (64.0, None),
                                                   "wide": (104.0, 60.0)}
DEFAULT_MARGINS = "normal"
#: The page MuPDF lays an EPUB out on (its default, in points), kept when the text size changes.
EPUB_PAGE = (400.0, 600.0)
_FONT_SIZE = re.compile(r"(font-size:\s*)(\d+(?:\.\d+)?)pt")


class LayoutKeyError(ReaderError):
    """A text layout key that is not one (``ibid prepare --layout``)."""


@dataclass(frozen=True)
class TextLayout:
    size: float = DEFAULT_SIZE
    margins: str = DEFAULT_MARGINS

    @property
    def key(self) -> str:
        """"" for the default layout, else e.g. "14-wide": part of cache and record names."""
        return "" if self == TextLayout() else f"{self.size:g}-{self.margins}"

    @classmethod
    def from_key(cls, key: str) -> TextLayout:
        if not key:
            return cls()
        size, _, margins = key.partition("-")
        try:
            layout = cls(float(size), margins)
        except ValueError:
            layout = None
        if layout is None or layout.size not in TEXT_SIZES or margins not in MARGINS:
            raise LayoutKeyError(f"{key!r} is not a text layout (a size of {', '.join(f'{s:g}' for s in TEXT_SIZES)} "
                                 f"and one of {', '.join(MARGINS)}, like 14-wide).")
        return layout

    @classmethod
    def from_settings(cls, size: float, margins: str) -> TextLayout:
        """The layout the settings ask for; a value out of range gives the default's."""
        return cls(size if size in TEXT_SIZES else DEFAULT_SIZE, margins if margins in MARGINS else DEFAULT_MARGINS)

    def step(self, steps: int) -> TextLayout:
        """The next larger (1) or smaller (-1) text size, stopping at the ends; 0 resets it."""
        if steps == 0:
            return TextLayout(DEFAULT_SIZE, self.margins)
        index = TEXT_SIZES.index(self.size) if self.size in TEXT_SIZES else TEXT_SIZES.index(DEFAULT_SIZE)
        return TextLayout(TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, index + steps))], self.margins)

    def story_css(self, css: str) -> str:
        """*css* (reflow.CSS) with every font size scaled to this text size."""
        if self.size == DEFAULT_SIZE:
            return css
        scale = self.size / DEFAULT_SIZE
        return _FONT_SIZE.sub(lambda m: f"{m.group(1)}{float(m.group(2)) * scale:.4g}pt", css)

    @property
    def story_margin(self) -> float:
        return MARGINS[self.margins][0]

    @property
    def epub_css(self) -> str:
        """The user style sheet MuPDF lays an EPUB out with ("" for the book's own margins)."""
        margin = MARGINS[self.margins][1]
        return "" if margin is None else f"@page {{ margin: {margin:g}pt }}"


#: Ibid's own layout (key ""), for default arguments.
DEFAULT = TextLayout()
#: Words of the text at the top of the view that find the same place after a new layout.
ANCHOR_WORDS = 6


def anchor_phrase(words: list[tuple], y: float) -> str:
    """The first ANCHOR_WORDS words (``Page.words`` tuples) of the first line whose middle is
    below *y* points (the first line the view shows whole)."""
    below = [w for w in words if (w[1] + w[3]) / 2 > y]
    return " ".join(w[4] for w in below[:ANCHOR_WORDS])


def find_phrase(doc, phrase: str, near: int) -> tuple[int, float] | None:
    """(page, y) where *phrase* is printed in *doc*, searching outwards from page *near*; None if nowhere."""
    count = doc.page_count
    if not phrase or count == 0:
        return None
    near = max(0, min(near, count - 1))
    order = sorted(range(count), key=lambda i: (abs(i - near), i))
    for index in order:
        rects = doc.page(index).search(phrase)
        if rects:
            return index, min(r[1] for r in rects)
    return None
