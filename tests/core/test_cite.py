"""Copying a note or a passage with its citation: the document's symbol (or title) and page."""
from __future__ import annotations

import pymupdf

from reader.core.cite import Source, describe, locator, note_citation, page_label, passage_citation
from reader.core.document import Document


def test_note_citation_names_symbol_page_and_note():
    source = Source("Political declaration on tuberculosis", "A/RES/78/5")
    assert note_citation(source, "3", "2", "See World Health\nOrganization,  document WHA67/2014/REC/1.") == (
        "A/RES/78/5, p. 3, note 2: See World Health Organization, document WHA67/2014/REC/1.")
    assert note_citation(source, "41", "7", "Ibid.", kind="endnote") == "A/RES/78/5, p. 41, endnote 7: Ibid."


def test_a_document_without_symbol_is_named_by_its_title():
    assert passage_citation(Source("The noteref Option"), ["2"], " Long notes ") == (
        "Long notes (\u201cThe noteref Option\u201d, p. 2)")


def test_a_passage_over_two_pages_gives_a_page_range():
    assert passage_citation(Source("T", "A/80/L.23"), ["3", "3", "4"], "text") == "text (A/80/L.23, pp. 3\u20134)"
    assert locator([]) == ""


def test_describe_a_real_un_resolution(data_file):
    doc = Document.open(data_file("un_A_RES_78_5.pdf"))
    assert describe(doc) == Source("Political declaration of the high-level meeting on the fight against tuberculosis",
                                   "A/RES/78/5")
    assert page_label(doc, 2) == "3"


def test_page_labels_printed_on_the_page_are_used(tmp_path):
    pdf = pymupdf.open()
    for _ in range(4):
        pdf.new_page()
    pdf.set_page_labels([{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
                         {"startpage": 2, "prefix": "A-", "style": "D", "firstpagenum": 1}])
    pdf.save(tmp_path / "labelled.pdf")
    doc = Document.open(tmp_path / "labelled.pdf")
    assert [page_label(doc, i) for i in range(4)] == ["i", "ii", "A-1", "A-2"]


def test_menu_labels_tell_apart_two_language_versions_and_name_unknown_files():
    from reader.core.cite import Source, menu_labels
    english = Source("Political declaration on  tuberculosis", "A/RES/78/5").label
    assert english == "A/RES/78/5 \u2014 Political declaration on tuberculosis"
    assert Source("A/RES/78/5", "A/RES/78/5").label == "A/RES/78/5" == Source("", "A/RES/78/5").label
    assert Source("On footnotes").label == "On footnotes"
    assert menu_labels([english, english, ""], ["en.pdf", "copy.pdf", "notes.md"]) == [
        f"{english} (en.pdf)", f"{english} (copy.pdf)", "notes.md"]


def test_a_quoted_passage_spells_out_ligatures_and_joins_its_lines():
    """Issue 19, defect 3: "O\ufb03ce" (one ffi glyph) and hard line breaks went to the clipboard."""
    from reader.core.cite import clean_passage
    assert clean_passage("the O\ufb03ce of the\nHigh Commissioner, e\ufb00ective") == (
        "the Office of the High Commissioner, effective")
    # A line-end hyphen: a word broken in two is joined where the pages print it whole;
    # a compound stays hyphenated (UN documents break lines only at real hyphens).
    vocabulary = frozenset({"disaster", "high-level"})
    assert clean_passage("natural disas-\nter at a high-\nlevel meeting", vocabulary) == (
        "natural disaster at a high-level meeting")
    assert clean_passage("people-\ncentred care") == "people-centred care"


def test_the_vocabulary_of_a_page_holds_its_hyphenated_words_whole(data_file):
    from reader.core.cite import vocabulary_of
    words = vocabulary_of(Document.open(data_file("un_A_RES_78_5.pdf")), [0, 1])
    assert {"high-level", "tuberculosis"} <= words and "highlevel" not in words


def test_copied_text_keeps_paragraphs_apart_and_cleans_each(data_file):
    """Copy (issue 19): the lines of a paragraph joined, a word broken at a line end mended
    when the page prints it whole, ligatures spelt out; a blank line starts a new paragraph."""
    from reader.core.cite import clean_copy, vocabulary_of
    doc = Document.open(data_file("dowith-notes-in-a-small-section.pdf"))
    vocabulary = vocabulary_of(doc, [2])                     # page 3 prints "arguments" whole
    selected = "the argu-\nments of the\n\ufb01rst macro\n\nA second para-\ngraph"
    assert clean_copy(selected, vocabulary) == "the arguments of the first macro\nA second para-graph"
    assert clean_copy("\n\n  \n") == ""
