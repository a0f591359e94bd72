"""The index's analyzer (index.backend.analysis): Whoosh's standard chain, in one loop, plus
pairs of common words."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.support.charset import accent_map

from index.backend.analysis import text_analyzer
from index.schema import PAIR_MARK

DATA = Path(__file__).parents[2] / "data"
#: What WordAnalyzer stands for, built from Whoosh's own parts. The expression is Whoosh
#: 2.7's; whoosh-reloaded's default also takes "*" into words ("States*" -> "states*").
WHOOSH_CHAIN = (RegexTokenizer(r"\w+(\.?\w+)*") | LowercaseFilter() | CharsetFilter(accent_map)
                | StemFilter(lang="en"))


def tokens(analyzer, text, **kwargs):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, **kwargs)]


def real_texts() -> list[str]:
    texts = [(DATA / "un-letter-2025-04-01.md").read_text(encoding="utf-8"),
             "Côte d'Ivoire, Curaçao, São Tomé; ÆSCHYLUS naïve U.N. A/RES/78/5 ﬁeld 1.5 e.g. ŒUVRE İstanbul"]
    with pymupdf.open(DATA / "un_A_RES_78_5.pdf") as doc:
        texts += [page.get_text() for page in doc]
    return texts


@pytest.mark.parametrize("mode", ["index", "query"])
def test_words_are_those_of_whooshs_standard_chain(mode):
    ours = text_analyzer()
    for text in real_texts():
        assert tokens(ours, text, mode=mode) == tokens(WHOOSH_CHAIN, text, mode=mode)


def test_a_star_marker_is_not_part_of_the_word():
    assert [t.text for t in text_analyzer()("Member States* and the Council**")] == [
        "member", "state", "and", "the", "council"]


def test_untokenized_values_are_folded_and_stemmed_like_whooshs():
    ours = text_analyzer()
    for value in ("Resolutions", "Côtés", "tuberculosis"):
        assert tokens(ours, value, tokenize=False) == tokens(WHOOSH_CHAIN, value, tokenize=False)


def test_pairs_of_common_words_only_and_only_when_indexing():
    paired = text_analyzer(pairs=True)
    text = "the Member States of the tuberculosis conference"
    indexed = tokens(paired, text, mode="index")
    pairs = [(t, pos) for t, pos, _a, _b in indexed if t.startswith(PAIR_MARK)]
    assert pairs == [(f"{PAIR_MARK}the member", 0), (f"{PAIR_MARK}member states", 1),   # as written:
                     (f"{PAIR_MARK}states of", 2), (f"{PAIR_MARK}of the", 3)]          # phrases are exact
    words = [t for t in indexed if not t[0].startswith(PAIR_MARK)]
    assert words == tokens(WHOOSH_CHAIN, text)
    assert tokens(paired, text, mode="query") == tokens(WHOOSH_CHAIN, text, mode="query")


@pytest.mark.parametrize("pairs", [False, True])
def test_postings_made_beside_the_writer_are_whooshs(pairs):
    """The worker processes compute postings with WordAnalyzer.postings; the index must
    hold exactly what Whoosh's own TEXT.index() would have written."""
    from whoosh.fields import TEXT
    field = TEXT(analyzer=text_analyzer(pairs=pairs))
    for text in real_texts():
        assert field.analyzer.postings(text, field.format) == list(field.index(text))
