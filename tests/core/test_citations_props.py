"""Properties of the citation finder (any text in, a list out) and the URL safety check."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.citations import (
    Citation,
    find_citations,
    is_openable,
    normalise_doi,
    normalise_symbol,
    normalise_url,
    resolve_notes,
    symbol_of_document,
)

# Text made of the pieces citations are built from, so the regexes meet their near misses.
_PIECES = st.sampled_from([
    "A/", "S/", "E/CN.4/", "RES/", "78/", "636", "-", "–", "Add.2", "/Rev.1", " (1993)", " (XXX)", "resolution ",
    "resolutions ", "Security Council ", "General Assembly ", " and ", ", ", "Ibid.", "Id. at ", "Idem", "op. cit.",
    "supra note ", "(n 7)", "see note 4 above", "https://", "www.", "doi:10.", "1000/", "<", ">", "\n", " ", ".",
    "(", ")", "[", "](#)", "¶ ", "para. ", "1/4/2025", "24/7", "Official Records of the General Assembly, ",
    "Sixty-third Session, Supplement No. 47", "United Nations, Treaty Series, vol. 1, No. 2", "ES-11/1", "*",
])
note_texts = st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(note_texts)
def test_any_text_gives_a_list_of_citations(text):
    cites = find_citations(text)
    assert isinstance(cites, list)
    for c in cites:
        assert isinstance(c, Citation)
        assert c.type in ("url", "doi", "un-symbol", "back-reference", "reference")
        assert isinstance(c.text, str) and isinstance(c.value, str)
        assert c.url is None or is_openable(c.url)
        assert set(c.to_json()) <= {"type", "text", "value", "url", "target", "local", "page", "paragraph",
                                   "pinned_page"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=4), note_texts), max_size=8))
def test_any_notes_resolve_to_one_list_each(notes):
    result = resolve_notes(notes)
    labels = {label for label, _ in notes}
    assert len(result) == len(notes)
    for cites in result:
        assert all(c.target is None or c.target in labels for c in cites)


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text())))
def test_non_text_gives_an_empty_list(value):
    assert find_citations(value) == []


@settings(max_examples=200, deadline=None)
@given(note_texts)
def test_normalised_values_are_fixed_points(text):
    for c in find_citations(text):
        if c.type == "un-symbol":
            assert normalise_symbol(c.value) == c.value
            assert [x.value for x in find_citations(c.value) if x.type == "un-symbol"] == [c.value]
        elif c.type == "doi":
            assert normalise_doi(c.value) == c.value
        elif c.type == "url":
            assert normalise_url(c.value) == c.value


@given(st.text(max_size=300), st.text(max_size=60))
def test_symbol_of_document_never_raises(first_page, filename):
    assert symbol_of_document(first_page, filename) is None or "/" in symbol_of_document(first_page, filename)


@pytest.mark.parametrize("url", [
    "http://example.org", "https://undocs.org/en/S/RES/853(1993)", "HTTPS://EXAMPLE.ORG/a?b=c#d",
    "mailto:someone@example.org", "https://例え.jp/パス", "mailto:someone@example.org?subject=A%2F78%2F5&body=x",
    "mailto:?to=someone@example.org",
])
def test_openable(url):
    assert is_openable(url)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01https://example.org",
    " https://example.org", "https://example.org ", "java\nscript:alert(1)", "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)", "file:///etc/passwd", "FILE:///C:/Windows", "data:text/html,<script>",
    "vbscript:msgbox", "ftp://example.org", "about:blank", "chrome://settings", "//example.org",
    "https:example.org", "https:///path", "http://[::1", "https://exa\u200bmple.org", "https://example.org\\@evil",
    "mailto:", "", None, 42, b"https://example.org", "\u202ehttps://example.org", "https://example.org\x00",
    # a mail program may attach a local file to the message it opens
    "mailto:?attach=/etc/passwd", "mailto:someone@example.org?attach=~/.ssh/id_rsa",
    "mailto:someone@example.org?ATTACHMENT=x", "mailto:someone@example.org?%61ttach=x", "mailto:nobody",
])
def test_not_openable(url):
    assert not is_openable(url)


@given(st.text())
def test_openable_only_for_three_schemes(url):
    if is_openable(url):
        assert url.lower().startswith(("http://", "https://", "mailto:"))
        assert not any(ch.isspace() for ch in url)


@pytest.mark.parametrize("text", [
    "Aa\n" * 9000, "See Aa " * 3000, "A/" * 10000, "op. cit. " * 2500, "Ibid. " * 4000, "(" * 20000,
    "resolutions 1/1, " * 1500, "https://a/" + "a- " * 6000, "Convention on Aa " * 1200, "Aa of the " * 2500 + "v.",
])
def test_hostile_text_stays_fast(text):
    import time
    start = time.perf_counter()
    find_citations(text)
    assert time.perf_counter() - start < 5      # a regex that backtracks badly takes minutes here
