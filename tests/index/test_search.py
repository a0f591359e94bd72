"""Queries against real UN documents: the right page, body and notes, fuzzy, cited by."""
from __future__ import annotations

import subprocess
import sys

import pytest

from index import build, cited_by, group_by_document, normalize_symbol, search
from index.search import snippet
from tests.index.conftest import copy_library


def pages(hits, name):
    return sorted(h.page for h in hits if h.path.endswith(name))


@pytest.fixture
def ask(indexed_library):
    _folder, index_dir = indexed_library
    return lambda query, **kw: search(index_dir, query, limit=kw.pop("limit", 50), **kw)


def test_phrase_found_on_the_right_pages(ask):
    hits = ask('"ethnic cleansing"')
    assert pages(hits, ".md") == [1]                           # page 2 has "ethnically cleansed"
    assert pages(ask('"ethnically cleansed"'), ".md") == [2]
    assert 5 in pages(ask('"tuberculosis preventive treatment"'), "un_A_RES_78_5.pdf")


def test_phrases_match_the_words_as_typed(ask):
    """Stems cannot tell "natural disaster" from "natural disasters": the text of L.23 has
    the plural on pages 1, 3, 5, 7, … and the singular on pages 5, 7 and 14 only (its
    title, on every page, has the plural)."""
    plural = pages(ask('in:body "natural disasters"'), "L.23.pdf")
    singular = pages(ask('"natural disaster"'), "L.23.pdf")
    assert singular == [5, 7, 14] and 1 in plural and 14 not in plural
    assert pages(ask('"Natural  Disaster" AND relief'), "L.23.pdf") == pages(ask('"natural disaster" relief'), "L.23.pdf")
    assert pages(ask('"member states"'), "L.23.pdf") and not pages(ask('"member state"'), "L.23.pdf")  # (word pairs)
    assert len(ask('"natural disaster" OR vaccines')) > len(ask('"natural disaster"'))


def test_phrase_needs_the_words_in_order(ask):
    assert ask('"treatment preventive tuberculosis"') == []


def test_hit_has_snippet_with_bold_match_and_terms(ask):
    hit = ask('"ethnic cleansing"')[0]
    assert "<b>ethnic cleansing</b>" in hit.snippet.lower()
    assert {t.lower() for t in hit.terms} == {"ethnic cleansing"}   # the phrase whole: no lone "ethnic" lit
    assert hit.title and hit.score > 0 and hit.page >= 1


def test_stemming_finds_other_forms(ask):
    hits = ask("refugee")
    assert hits and any("Refugees" in h.terms or "refugees" in h.terms for h in hits)


def test_fuzzy_finds_a_misspelling(ask):
    assert ask("tuberculoss") == []
    hits = ask("tuberculoss~")
    assert pages(hits, "un_A_RES_78_5.pdf")
    assert all(any(t.lower().startswith("tubercul") for t in h.terms) for h in hits)


def test_fuzzy_finds_a_typo_that_is_one_edit_from_the_word_but_two_from_its_stem(ask):
    assert ask("resolutin") == []
    hits = ask("resolutin~")           # "resolution" is indexed as its stem "resolut"
    assert pages(hits, "un_A_RES_78_5.pdf")
    assert all(any(t.lower().startswith("resolution") for t in h.terms) for h in hits)
    assert ask("tubreculosis~")        # a transposition
    assert pages(ask("resolutin~1"), "un_A_RES_78_5.pdf")   # one edit, found through the stem of the correction


def test_an_exact_match_outranks_its_fuzzy_neighbours(ask):
    """Issue 19, defect 6: "Sendai~" ranked the page with "sending" (a rarer word, so more
    weight in BM25) above every page that prints "Sendai"."""
    for query, word in (("Sendai~", "sendai"), ("Sendai~1", "sendai"), ("relief~", "relief")):
        hits = ask(query)
        exact = [any(t.lower() == word for t in h.terms) for h in hits]
        assert True in exact and False in exact, (query, [h.terms for h in hits])   # neighbours found too
        assert exact == sorted(exact, reverse=True), (query, [h.terms for h in hits])


def test_fuzzy_allows_two_edits_in_longer_words_as_lucene_auto(ask):
    assert ask("geografic~1") == []    # "geographical" is two edits away ("f" -> "ph")
    hits = ask("geografic~")
    assert 13 in pages(hits, "un_A_80_L.23.pdf")
    assert all(any(t.lower().startswith("geographic") for t in h.terms) for h in hits)
    assert ask("vacine~")              # 6 letters: two edits; 3-5 letters: one
    assert pages(ask("relif~"), "un_A_80_L.23.pdf") == pages(ask("in:body relief"), "un_A_80_L.23.pdf") != []
    assert not any(h.path.endswith("un_A_80_L.23.pdf") and "relief" in h.terms for h in ask("rilif~"))
    assert ask("un~", limit=200) == ask("un", limit=200)   # 1-2 letters: no edit


def test_prefix_and_boolean_operators(ask):
    assert pages(ask("humanitar*"), "un_A_80_L.23.pdf")
    both = ask("tuberculosis AND treatment")
    without = ask("tuberculosis NOT treatment")
    assert both and without
    assert not {(h.path, h.page) for h in both} & {(h.path, h.page) for h in without}
    assert len(ask("tuberculosis OR garabagh")) >= len(ask("tuberculosis"))


def test_accents_are_folded(ask):
    assert pages(ask("Azerbaïjan"), ".md") == pages(ask("azerbaijan"), ".md") != []


def test_in_notes_finds_a_phrase_only_present_in_a_note(ask):
    hits = ask('in:notes "Treaty Series"')
    assert pages(hits, "un_A_80_L.23.pdf") == [2, 13]
    assert all(h.in_notes and "<b>Treaty Series</b>" in h.snippet for h in hits)


def test_in_notes_ignores_body_text(ask):
    assert ask('"tuberculosis preventive treatment"')
    assert ask('in:notes "tuberculosis preventive treatment"') == []
    assert ask('"tuberculosis preventive treatment"', in_notes=True) == []


def test_notes_of_markdown_are_indexed(ask, indexed_library):
    from index.extract import notes_by_page
    from reader.core.document import Document
    doc = Document.open(indexed_library[0] / "un-letter-2025-04-01.md")
    if not notes_by_page(doc, deadline=float("inf")):
        pytest.skip("the footnote engine finds no Markdown notes yet (work in progress)")
    hits = ask('in:notes "Kavita Belani"')
    assert pages(hits, ".md") and all(h.in_notes for h in hits)


def test_field_filters(ask):
    hits = ask("symbol:A/80/L.23 disasters")
    assert hits and all(h.path.endswith("un_A_80_L.23.pdf") for h in hits)
    assert all(h.symbol == "A/80/L.23" for h in hits)
    assert pages(ask('notes:"Group of 77"'), "un_A_80_L.23.pdf") == [1]


def test_filter_by_document_and_folder(indexed_library):
    folder, index_dir = indexed_library
    one = folder / "un_A_RES_78_5.pdf"
    hits = search(index_dir, "resolution", path=one, limit=100)
    assert hits and {h.path for h in hits} == {str(one)}
    assert search(index_dir, "resolution", folder=folder, limit=5)
    assert search(index_dir, "resolution", folder=folder.parent / "elsewhere") == []


def test_results_grouped_by_document(ask):
    groups = group_by_document(ask("resolution"))
    assert len(groups) == len({g.path for g in groups}) >= 2
    for group in groups:
        assert [h.page for h in group.hits] == sorted(h.page for h in group.hits)
    assert [g.score for g in groups] == sorted((g.score for g in groups), reverse=True)


def test_empty_and_odd_queries_give_nothing(ask):
    assert ask("") == [] and ask("in:notes") == [] and ask("   ") == []
    assert ask('"unclosed phrase') is not None
    assert ask("(((") == []


def test_cited_by_lists_citing_documents_and_pages(indexed_library):
    _folder, index_dir = indexed_library
    citing = cited_by(index_dir, "A/80/390")
    assert [(c.path.rsplit("/", 1)[1], c.pages) for c in citing] == [("un_A_80_L.23.pdf", (5,))]
    assert cited_by(index_dir, "a/80/390 ") == citing


def test_cited_by_excludes_the_document_itself(indexed_library):
    _folder, index_dir = indexed_library
    assert cited_by(index_dir, "A/80/L.23") == []


def test_cites_and_cited_by_agree_and_skip_the_cited_document(tmp_path):
    """Resolution 80/242 names itself in its running header on every page; the generated
    table-notes PDF cites it in a note; draft A/80/L.23 cites resolution 69/283 on page 1."""
    docs = copy_library(tmp_path / "docs", ("un_A_RES_80_242.pdf", "footnotes/pymupdf-table-notes.pdf",
                                            "un_A_80_L.23.pdf"))
    build(tmp_path / "ix", [docs])
    for symbol, expected in (("A/RES/80/242", [("pymupdf-table-notes.pdf", 1)]),
                             ("a/res/69/283", [("un_A_80_L.23.pdf", 1)])):
        hits = search(tmp_path / "ix", f"cites:{symbol}", limit=50)
        assert sorted((h.path.rsplit("/", 1)[1], h.page) for h in hits) == expected
        citing = cited_by(tmp_path / "ix", symbol)
        assert [(c.path.rsplit("/", 1)[1], p) for c in citing for p in c.pages] == expected
    assert search(tmp_path / "ix", "symbol:A/RES/80/242", limit=1)[0].path.endswith("un_A_RES_80_242.pdf")


def test_cited_by_on_an_index_with_nothing_committed_yet(tmp_path):
    (tmp_path / "empty").mkdir()
    build(tmp_path / "ix", [tmp_path / "empty"])      # what a first indexing run looks like at first
    assert cited_by(tmp_path / "ix", "A/RES/78/5") == []


def test_normalize_symbol():
    assert normalize_symbol("S/RES/853 (1993)") == normalize_symbol("S/RES/853(1993)") == "S/RES/853(1993)"
    assert normalize_symbol("a/res/78/5") == "A/RES/78/5"
    assert normalize_symbol("A/C.3/80/L.3\u2013Rev.1") == "A/C.3/80/L.3-REV.1"


def test_snippet_escapes_html_and_marks_matches():
    text = "Before <tag> & the rule of law here."
    start = text.index("rule")
    spans = [(start, start + 4), (start + 5, start + 7), (start + 8, start + 11)]
    assert snippet(text, spans) == "Before &lt;tag&gt; &amp; the <b>rule of law</b> here."


def test_no_index_yet_gives_no_hits(tmp_path):
    assert search(tmp_path / "none", "anything") == []
    assert cited_by(tmp_path / "none", "A/80/390") == []


def test_core_and_index_import_without_qt():
    code = "import sys, index.search, index.build, index.library; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_phrases_with_common_words_stay_exact(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The rule of the law is not the rule of law.\n", encoding="utf-8")
    (docs / "b.txt").write_text("A rule of thumb: the law of the sea.\n", encoding="utf-8")
    (docs / "c.txt").write_text("See A/CONF.234/16 and the Treaty Series there.\n", encoding="utf-8")
    build(tmp_path / "ix", [docs])

    def names(query):
        return sorted(h.path.rsplit("/", 1)[1] for h in search(tmp_path / "ix", query))

    assert names('"rule of law"') == ["a.txt"]
    assert names('"of the"') == ["a.txt", "b.txt"]
    assert names('"the law of"') == ["b.txt"]
    assert names('"law of the sea"') == ["b.txt"]
    assert names('"of the law is"') == ["a.txt"]
    assert names('"rule of the sea"') == []
    assert names('"See A CONF.234 16"') == names('"see a/conf.234/16"') == ["c.txt"]
    assert names('"and the Treaty Series there"') == ["c.txt"]
    assert names('"16 the Treaty"') == []
    hit = search(tmp_path / "ix", '"rule of law"')[0]
    assert "<b>rule of law</b>" in hit.snippet and "<b>rule of the law</b>" not in hit.snippet


def test_open_index_sees_new_commits_after_refresh(tmp_path, library_copy):
    from index import LibraryIndex
    with LibraryIndex(tmp_path / "ix") as library:
        assert library.search("tuberculosis") == []
        build(tmp_path / "ix", [library_copy / "un_A_RES_78_5.pdf"])
        library.refresh()
        assert library.search("tuberculosis")
        build(tmp_path / "ix", [library_copy])
        assert not library.search("\"Treaty Series\"")
        library.refresh()
        assert library.search("\"Treaty Series\"")


def test_citations_of_a_page_include_symbols_behind_undocs_links():
    from index.extract import citations_in
    symbols, urls = citations_in("See S/RES/853 (1993), resolution 70/1 and\nhttps://undocs.org/en/A/80/390 too.")
    assert set(symbols) == {"S/RES/853(1993)", "A/RES/70/1", "A/80/390"}
    assert urls == ("https://undocs.org/en/A/80/390",)


def test_urls_are_found_by_host_and_leading_path(tmp_path):
    """Resolution 78/5 links its cited resolutions to undocs.org without printing the address
    (page 1: "resolution 73/3" -> https://undocs.org/en/A/RES/73/3) and prints a WHO address
    in a note on page 14 (and links apps.who.int on page 2); the CMS sample prints a un.org address wrapped over two lines."""
    docs = copy_library(tmp_path / "docs", ("un_A_RES_78_5.pdf", "cms-legal-sample.pdf"))
    build(tmp_path / "ix", [docs])

    def found(query):
        return sorted((h.path.rsplit("/", 1)[1], h.page) for h in search(tmp_path / "ix", query, limit=100))

    assert found("body:undocs.org") == []                     # not printed: only the links hold it
    assert ("un_A_RES_78_5.pdf", 1) in found("undocs.org")
    assert found("https://undocs.org/en/A/RES/73/3") == found("undocs.org/en/a/res/73/3") != []
    assert ("un_A_RES_78_5.pdf", 1) not in found("undocs.org/en/A/RES/73/4")
    assert found("www.who.int/news") == [("un_A_RES_78_5.pdf", 14)]
    assert {14, 2} <= {page for _name, page in found("who.int")}   # and page 2 links to apps.who.int
    assert found("www.un.org/documents/sc/res/1946/scres46.htm") == [("cms-legal-sample.pdf", 2)]
    assert ("cms-legal-sample.pdf", 2) in found("un.org")   # the parent domain of www.un.org
