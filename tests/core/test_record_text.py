"""The text of a page as the prepared record keeps it: broken words joined, ligatures spelled out."""
from __future__ import annotations

from reader.core.record.text import blocks_text


def lines(*texts: str) -> list[dict]:
    return [{"lines": [{"spans": [{"text": text}]} for text in texts]}]


def test_words_broken_at_line_ends_are_joined():
    text = blocks_text(lines("the inter-", "national community and the Secretary-", "General said"))
    assert "international community" in text
    assert "Secretary-General" in text          # a capital after the hyphen: a compound, kept


def test_soft_hyphens_and_ligatures_are_undone():
    text = blocks_text(lines("con\ufb02icts and e\ufb00orts to de\u00ad", "velop the \ufb01eld"))
    assert text.split() == ["conflicts", "and", "efforts", "to", "develop", "the", "field"]


def test_numbers_and_symbols_keep_their_hyphen_at_a_line_end():
    assert "A/78/636-\nS/2023/960" in blocks_text(lines("see A/78/636-", "S/2023/960"))


def test_blocks_are_separated_by_a_blank_line():
    blocks = lines("first block") + lines("second block")
    assert blocks_text(blocks) == "first block\n\nsecond block\n"
