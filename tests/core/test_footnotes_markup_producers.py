"""Notes of HTML and EPUB written by other producers: docutils (html4, html5 0.17 and 0.23),
Sphinx (single-page manual, EPUB), pandoc (HTML5, EPUB3), DocBook XSL and Texinfo, and a real
chapter of a Debian manual made with DocBook XSL (XHTML anchors written self-closed).

Each document in tests/data/markup was made by the producer itself from a real text; the
truth beside it (``DOC.footnotes.json``) was read from the producer's own ids and classes by
``tests/data/markup/make_truth.py``, not by Ibid.
"""
from __future__ import annotations

import json
import re

import pytest
from footnote_helpers import notes_of

DOCS = ["docutils-html4-demo.html", "docutils-html5-demo.html", "docutils017-html5-demo.html",
        "sphinx-singlehtml-manual.html", "sphinx-manual.epub", "pandoc-rfc3559.html",
        "pandoc-rfc3559.epub", "docbook-xsl-demo.html", "docbook-xsl-demo.epub", "docbook-xsl-ep010.html",
        "texinfo-demo.html", "docbook-maint-guide-dreq.html"]
#: what a dropped backlink or label leaves behind, which must not reach a note's text
REMNANT = re.compile(r"^\s*(?:\[\s*\]|\(\s*[,\s]*\)|[\u21a9\u2191])|(?:\[\s*\]|[\u21a9\u2191]\ufe0e?)\s*$")



def truth_of(path):
    return json.loads(path.with_name(path.name + ".footnotes.json").read_text(encoding="utf-8"))["footnotes"]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", DOCS)
def test_every_note_found_once_with_its_label_and_text(data_file, name):
    path = data_file(f"markup/{name}")
    notes, truth = notes_of(path), truth_of(path)
    assert [n.label for n in notes] == [t["label"] for t in truth]
    for note, true in zip(notes, truth):
        assert squash(note.note_text).startswith(squash(true["note_text_start"])), (note.label, note.note_text)


@pytest.mark.parametrize("name", DOCS)
def test_backlinks_leave_nothing_in_the_note_text(data_file, name):
    for note in notes_of(data_file(f"markup/{name}")):
        assert not REMNANT.search(note.note_text), (note.label, note.note_text)


@pytest.mark.parametrize("name", DOCS)
def test_every_referenced_note_has_its_marker(data_file, name):
    """EPUB markers are found on MuPDF's pages by the text before them, also where the
    stylesheet hides the brackets of earlier markers or the marker sits alone in a cell."""
    path = data_file(f"markup/{name}")
    for note, true in zip(notes_of(path), truth_of(path)):
        assert bool(note.refs) == bool(true["ref_page"]), note.label


def test_numbering_restarts_per_chapter_of_a_single_page_manual(data_file):
    """Sphinx's single-page manual repeats ids (``id6`` is a note in one chapter, a marker in
    the next): each marker still reaches the note of its own chapter."""
    notes = notes_of(data_file("markup/sphinx-singlehtml-manual.html"))
    labels = [n.label for n in notes]
    second = labels.index("1", 1)
    assert labels[second:] == [str(i) for i in range(1, 23)]
    assert notes[second].note_text.startswith("The html5 writer uses the <video> tag")
    assert notes[1].note_text.startswith("Footnotes may be numbered, either manually (as in [1])")


def test_citations_are_notes_named_by_their_label(data_file):
    for name in ("docutils-html4-demo.html", "docutils-html5-demo.html", "sphinx-singlehtml-manual.html"):
        cit = next(n for n in notes_of(data_file(f"markup/{name}")) if n.label == "CIT2002")
        assert cit.note_text.startswith("Citations are text-labeled footnotes.")
        assert cit.refs


def test_texinfo_note_is_the_text_under_its_label_heading(data_file):
    notes = notes_of(data_file("markup/texinfo-demo.html"))
    assert notes[0].note_text == ("A footnote contains body elements, consistently indented by at least 3 "
                                  "spaces. This is the footnote\u2019s second paragraph.")



def test_line_numbers_of_a_sphinx_listing_are_no_notes(data_file):
    """The manual's third chapter is 40 numbered lines of docutils' core.py: no note from them."""
    path = data_file("markup/sphinx-singlehtml-manual.html")
    assert path.read_text(encoding="utf-8").count('class="linenos"') == 40
    notes = notes_of(path)
    assert len(notes) == len(truth_of(path))
    assert not any("docutils" in n.note_text.lower() and "goodger" in n.note_text.lower() for n in notes)


def test_a_repeated_id_does_not_send_a_note_to_another_chapter(data_file):
    """``id7`` is a note in the second chapter and a marker in the first: the second chapter's
    notes are placed in the second chapter, not where the first chapter's ``id7`` was laid out."""
    notes = notes_of(data_file("markup/sphinx-singlehtml-manual.html"))
    second = [n.label for n in notes].index("1", 1)
    start = notes[second].note_page
    assert all(n.note_page >= start for n in notes[second:]), [(n.label, n.note_page) for n in notes[second:]]
    assert all(m.page >= start for n in notes[second:] for m in n.refs)


def test_docbook_marker_inside_a_list_item_is_linked(data_file):
    path = data_file("markup/docbook-xsl-ep010.html")
    html = path.read_text(encoding="latin-1")
    item = html[html.rindex('<li class="listitem">', 0, html.index('href="#ftn.')):html.index('href="#ftn.')]
    assert "</li>" not in item   # the marker sits inside the list item
    [note] = notes_of(path)
    assert note.note_text.startswith("Cf. Backwards Compatibility Rules in PEP 387")
    assert len(note.refs) == 1
