"""Which words a double-click and a triple-click pick (reader.core.selection)."""
from __future__ import annotations

from reader.core.document import Document
from reader.core.selection import WORD_REACH, line_of, word_at


def test_a_click_picks_the_word_under_it_or_beside_it_on_its_line(data_file):
    words = Document.open(data_file("un_A_RES_78_5.pdf")).page(0).words()
    word = next(w for w in words if w[4] == "Political")
    x0, y0, x1, y1 = word[:4]
    middle = (y0 + y1) / 2
    assert word_at(words, (x0 + x1) / 2, middle) == word
    assert word_at(words, x0 - WORD_REACH / 2, middle) == word       # just before it, on its line
    first = min((w for w in words if w[5:7] == word[5:7]), key=lambda w: w[0])   # "78/5.", the line's first
    assert word_at(words, first[0] - 3 * WORD_REACH, middle) is None   # in the margin
    assert word_at(words, x0, 2.0) is None                           # above the text


def test_the_line_of_a_word_is_every_word_of_its_line_in_order(data_file):
    words = Document.open(data_file("un_A_RES_78_5.pdf")).page(0).words()
    line = line_of(words, next(w for w in words if w[4] == "Political"))
    assert " ".join(w[4] for w in line) == "78/5. Political declaration of the high-level meeting on the fight"
