"""Any query string gives hits or one sentence (QueryError), and no query runs unbounded."""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index import LibraryIndex, QueryError, search
from tests.index.test_cli import ROOT

# Queries made of the pieces of the query syntax, so the parser meets their odd sequences.
_PIECES = st.sampled_from([
    "NOT ", "AND ", "OR ", "ANDNOT ", "ANDMAYBE ", "(", ")", '"', "'", "[", "]", "{", "}", " TO ", "*", "?",
    "~", "~2", "~9", "^", "^2", ":", "title:", "notes:", "body:", "page:", "page:>", "cites:", "symbol:",
    "in:notes ", "kind:", "path:", "tuberculosis", "resolution", "the", "x", "S/RES/853 (1993)", " ", "-",
    "+", "\\", "/", "…", "é", "\x00", "<", "=",
])
#: The module (index.search is the function search()).
searching = importlib.import_module("index.search")
queries = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=12).map("".join))


@pytest.fixture(scope="module")
def library(indexed_library):
    with LibraryIndex(indexed_library[1]) as opened:
        yield opened


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
@example(query="NOT NOT x")
@example(query="[TOL]")           # a range over more than MAX_EXPANSIONS words (found by this test)
def test_any_query_gives_hits_or_a_sentence(library, query):
    try:
        hits = library.search(query, limit=5)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(hits, list) and all(h.page >= 1 for h in hits)


def test_not_not_is_a_sentence_and_the_index_stays(indexed_library):
    folder, index_dir = indexed_library
    with pytest.raises(QueryError, match="cannot read the query") as refused:
        search(index_dir, "NOT NOT x")
    assert "“NOT NOT” puts two operators in a row" in str(refused.value)
    assert "Error" not in str(refused.value)       # words, not the name of a Python exception
    assert not list(index_dir.parent.glob("index.damaged-*"))
    assert search(index_dir, "tuberculosis")     # the index is still there and answers


@pytest.mark.parametrize(("query", "says"), [
    ("a" * 20_000, "too long (20,000 characters"),                 # took 2.5-6.5 s to parse
    ("tuberculosis " * 5_000, "too long (65,000 characters"),      # took 3-25 s
    ("x " * 500, "too many words (500"),
    ("NOT x " * 1_000, "too long (6,000 characters"),              # overflowed Python's stack
])
def test_long_queries_are_refused_in_words_before_parsing(library, query, says):
    started = time.monotonic()
    with pytest.raises(QueryError, match=re.escape(says)) as refused:
        library.search(query)
    assert time.monotonic() - started < searching.TIME_LIMIT
    assert len(str(refused.value)) < 200 and "\n" not in str(refused.value)


def test_queries_within_the_bounds_are_searched(library):
    longest = " ".join(["tuberculosis"] * searching.MAX_QUERY_WORDS)
    assert len(longest) <= searching.MAX_QUERY_CHARS and library.search(longest)
    with pytest.raises(QueryError, match="too many words"):
        library.search(longest + " tuberculosis")


def test_brackets_nested_too_deeply_are_a_sentence(library):
    with pytest.raises(QueryError, match="nests too deeply"):
        library.search("(" * 990 + "x" + ")" * 990)


def test_wildcard_matching_every_word_is_refused_with_a_sentence(indexed_library):
    with pytest.raises(QueryError, match=r"“\?\*” stands for more than 2,000 words"):
        search(indexed_library[1], "?*")
    assert search(indexed_library[1], "tubercul*")   # a real prefix still works


@pytest.mark.parametrize("query", ["'~0", "'~", "-~1", "\"'\"~2"])
def test_a_fuzzy_mark_on_nothing_searches_nothing(library, query):
    """Punctuation with a fuzzy mark analyses to an empty word: no hits, not a crash inside
    Whoosh's automaton (which a bug report would show as "Ibid hit a bug")."""
    assert list(library.search(query)) == []


def test_fuzzy_edits_are_capped(library):
    parsed = library.parse("tuberculosis~9")
    assert max(leaf.maxdist for leaf in parsed.leaves()) == searching.MAX_EDITS


def test_search_past_the_time_limit_returns_partial_hits(indexed_library, monkeypatch):
    monkeypatch.setattr(searching, "TIME_LIMIT", 0.0)
    hits = search(indexed_library[1], "the", limit=50)
    assert hits.partial and len(hits) == 1      # stopped after the first match
    monkeypatch.undo()
    full = search(indexed_library[1], "the", limit=50)
    assert not full.partial and len(full) > 1


def test_cli_bad_query_is_one_line_and_exit_1(indexed_library, tmp_path):
    folder, index_dir = indexed_library
    base = tmp_path / "base"
    (base / "data").mkdir(parents=True)
    (base / "data" / "index").symlink_to(index_dir)
    for query in ("NOT NOT x", "?*", "a" * 20_000):
        result = subprocess.run([sys.executable, "-m", "reader", "search", query, "--basedir", str(base)], cwd=ROOT,
                                capture_output=True, text=True, timeout=100)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("ibid: search: ")
        assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr
