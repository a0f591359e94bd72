"""Exact phrases answered by pairs or by set arithmetic match what Whoosh's own Phrase does."""
from __future__ import annotations

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from index.backend.analysis import text_analyzer
from index.backend.phrases import AdjacentPhrase, ExactForms, fast_phrases
from index.schema import PAIR_MARK

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


@pytest.fixture(scope="module")
def forms_index(tmp_path_factory):
    """Generated PDFs with "disaster", "disasters", both, or neither, indexed in two runs
    (two segments: the exact check under NOT reads each segment's own pages)."""
    import pymupdf

    from index import build
    base = tmp_path_factory.mktemp("forms")
    docs = base / "docs"
    docs.mkdir()
    texts = {"singular.pdf": "A natural disaster struck the coast in May.",
             "plural.pdf": "Natural disasters struck the coast twice.",
             "both.pdf": "Disasters come in threes; one disaster struck the coast.",
             "neither.pdf": "Floods struck the coast in June."}
    for run in (("singular.pdf", "plural.pdf"), ("both.pdf", "neither.pdf")):
        for name in run:
            pdf = pymupdf.open()
            pdf.new_page().insert_text((72, 72), texts[name])
            pdf.save(docs / name)
        assert len(build(base / "ix", [docs]).indexed) == 2
    return base / "ix"


def test_quoted_words_and_phrases_under_not_match_the_words_as_typed(forms_index):
    from index import search

    def names(query):
        return sorted(h.path.rsplit("/", 1)[1].removesuffix(".pdf") for h in search(forms_index, query))

    assert names("disaster") == names("disasters") == ["both", "plural", "singular"]   # bare words: stems
    assert names('"disaster"') == ["both", "singular"]
    assert names('"Disasters"') == ["both", "plural"]
    assert names('coast NOT "disaster"') == ["neither", "plural"]
    assert names('coast NOT "natural disaster"') == ["both", "neither", "plural"]
    assert names('coast AND NOT "natural disasters"') == ["both", "neither", "singular"]
    assert names('coast NOT (floods OR "disaster")') == ["plural"]
    assert names("coast NOT disaster") == ["neither"]                                   # bare word: stems
    assert names('"disaster" OR floods') == ["both", "neither", "singular"]
    assert names('"disaster" NOT "disasters"') == ["singular"]                          # one stem, two words
    assert names('"Disasters" AND NOT "disaster"') == ["plural"]
    assert names('"natural struck"~2') == ["plural", "singular"]             # a word between: not exact
    [both] = [h for h in search(forms_index, '"disaster"') if "both" in h.path]
    assert both.terms == ("disaster",) and "<b>Disasters</b>" not in both.snippet       # lit as typed


def test_the_checks_under_not_keep_to_the_search_time_limit(forms_index, monkeypatch):
    import importlib
    searching = importlib.import_module("index.search")       # (the package's `search` is the function)
    monkeypatch.setattr(searching, "TIME_LIMIT", -1.0)         # already over: the first check stops it
    hits = searching.search(forms_index, 'coast NOT "disaster"')
    assert hits.partial
