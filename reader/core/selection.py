"""Which words a click selects: the word under a double-click, the line under a triple-click.

Words are the tuples of :meth:`reader.core.pages.Page.words` (``x0, y0, x1, y1, word,
block, line, n``) in PDF points, page space; the view turns the mouse into a point first.
"""
from __future__ import annotations

#: How far (points) a click may land beside a word and still pick it: the gap between two
#: words of body text is 2-4 pt, so a click between them picks the nearer one.
WORD_REACH = 6.0


def word_at(words: list[tuple], x: float, y: float) -> tuple | None:
    """The word under (x, y), else the nearest one on that line within WORD_REACH; None on blank paper."""
    best, best_gap = None, WORD_REACH
    for word in words:
        x0, y0, x1, y1 = word[:4]
        if not y0 <= y <= y1:
            continue
        gap = 0.0 if x0 <= x <= x1 else min(abs(x - x0), abs(x - x1))
        if gap <= best_gap:
            best, best_gap = word, gap
    return best


def line_of(words: list[tuple], word: tuple) -> list[tuple]:
    """The words of the line *word* is on (MuPDF's block and line numbers), in reading order."""
    return [w for w in words if w[5:7] == word[5:7]]
