"""Exact phrases answered by pairs or by set arithmetic match what Whoosh's own Phrase does."""
from __future__ import annotations

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from index.phrases import AdjacentPhrase, ExactForms, fast_phrases
from index.schema import PAIR_MARK, text_analyzer

PHRASES = ["ethnic cleansing", "tuberculosis preventive treatment", "of the", "General Assembly",
           "the General Assembly", "rule of law", "Member States", "in the",
           "drug-resistant tuberculosis", "human rights and"]
ABSENT = ["treatment preventive tuberculosis", "of of the"]


def stems(phrase: str) -> list[str]:
    return [t.text for t in text_analyzer()(phrase)]


@pytest.fixture(scope="module")
def searcher(indexed_library):
    ix = whoosh_index.open_dir(str(indexed_library[1]))
    with ix.searcher() as searcher:
        yield searcher


def pages(searcher, query) -> set[str]:
    return {hit["key"] for hit in searcher.search(query, limit=None)}


@pytest.mark.parametrize("phrase", PHRASES + ABSENT)
def test_same_pages_as_whooshs_phrase(searcher, phrase):
    whoosh = wq.Phrase("body", stems(phrase))
    expected = pages(searcher, whoosh)
    assert bool(expected) == (phrase in PHRASES)
    assert pages(searcher, AdjacentPhrase("body", stems(phrase))) == expected
    assert pages(searcher, fast_phrases(whoosh)) == expected


def test_common_words_become_pairs_and_others_a_set_check():
    typed = ExactForms('"Member States" and "natural disasters"')
    paired = fast_phrases(wq.Phrase("body", stems("Member States")), typed)
    assert paired == wq.Term("body", f"{PAIR_MARK}member states")     # the words as typed
    assert isinstance(fast_phrases(wq.Phrase("body", stems("Member States"))), AdjacentPhrase)   # not known
    rewritten = fast_phrases(wq.Phrase("body", stems("natural disasters")), typed)
    assert isinstance(rewritten, AdjacentPhrase) and rewritten.words == ["natur", "disast"]
    in_notes = fast_phrases(wq.Phrase("notes", stems("Member States")), typed)   # notes hold no pairs
    assert isinstance(in_notes, AdjacentPhrase) and in_notes.words == ["member", "state"]
    assert fast_phrases(wq.Phrase("body", stems("natural disasters"), slop=3)).slop == 3   # not exact: as it was
