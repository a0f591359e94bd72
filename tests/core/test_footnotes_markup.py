"""Footnotes of reflowed files found from markup: Markdown, text, XHTML, EPUB."""
from __future__ import annotations

import zipfile

import pytest
from footnote_helpers import notes_of

from reader.core.document import Document
from reader.core.footnotes import analyze


@pytest.mark.parametrize("name", ["un-letter-2025-04-01.md", "un-letter-2025-04-01.txt"])
def test_seed_has_all_eight_notes(data_file, name):
    notes = notes_of(data_file(name))
    assert [n.label for n in notes] == ["*", "1", "2", "3", "4", "5", "6", "7"]
    star = notes[0]
    assert star.note_text.startswith("Reissued for technical reasons on 25 April 2025")
    assert star.refs == ()   # the * note has no marker in the body
    assert all(n.refs for n in notes[1:])
    assert notes[1].note_text.startswith("United Nations, biweekly press briefing")
    assert notes[1].urls == ("https://media.un.org/en/asset/k1g/k1gvc8zwrdr",)
    assert notes[6].note_text.startswith("Ibid., Provisional Measures")
    assert {n.source for n in notes} == {"markup"}


def test_seed_markers_come_before_their_notes(data_file):
    for note in notes_of(data_file("un-letter-2025-04-01.md"))[1:]:
        marker = note.refs[0]
        assert (marker.page, marker.rect[1]) < (note.note_page, note.note_rect[1])


def test_xhtml_noterefs_with_backlinks(data_file):
    notes = notes_of(data_file("seneca_letter_xcii.xhtml"))
    assert [n.label for n in notes] == [str(i) for i in range(1, 29)]
    assert notes[0].note_text.startswith("Cf. Plato, Crito 48")
    assert all(n.refs for n in notes)
    assert not any("\u2191" in n.note_text for n in notes)   # the ↑ backlinks are left out


def test_markdown_footnote_syntax(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("Claim one[^a] and claim two.[^b]\n\n[^a]: First note, see <https://example.org/x>.\n"
                    "[^b]: Second note.\n", encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "First note, see https://example.org/x."),
                                                        ("2", "Second note.")]
    assert notes[0].urls == ("https://example.org/x",)
    assert all(len(n.refs) == 1 for n in notes)


def test_markdown_note_link_targets_are_its_urls(tmp_path):
    """A Markdown link prints only its text; the address it points to is what the note cites."""
    path = tmp_path / "rfc.md"
    path.write_text("Refined impls exist.[^refine] Lifetimes collapse.[^collapse]\n\n"
                    "[^refine]: Added in [RFC 3245](https://rust-lang.github.io/rfcs/3245-refined-impls.html).\n"
                    "[^collapse]: See [this comment](https://github.com/rust-lang/rust/issues/32330) and "
                    "[the reference][ref], or https://example.org/printed.\n\n"
                    "[ref]: https://doc.rust-lang.org/reference/subtyping.html\n", encoding="utf-8")
    notes = notes_of(path)
    assert notes[0].note_text == "Added in RFC 3245."
    assert notes[0].urls == ("https://rust-lang.github.io/rfcs/3245-refined-impls.html",)
    # "[the reference][ref]" takes its address from the "[ref]: …" line outside the note, as
    # RFC 3425's notes do (/work/shared/corpus truth: a note's urls are what the note itself
    # prints or links inline): not one of the note's URLs.
    assert notes[1].urls == ("https://example.org/printed", "https://github.com/rust-lang/rust/issues/32330")


def test_plain_bracket_markers_and_numbered_paragraphs(tmp_path):
    path = tmp_path / "cable.md"
    path.write_text("The Council met [1] and heard the parties. [2] [3] It adjourned.\n\n"
                    "Instructs the committee - 1. To observe and 2. To report.\n\n"
                    "1 The record of the meeting.\n\n2 See Document 12.\n\n3 See Documents 20 and 21.\n",
                    encoding="utf-8")
    notes = notes_of(path)
    assert [n.label for n in notes] == ["1", "2", "3"]
    assert notes[1].note_text == "See Document 12."
    assert all(n.refs for n in notes)


def test_html_roles_and_epub_types(tmp_path):
    path = tmp_path / "article.html"
    path.write_text(
        '<html><body><p>Text<a href="#n1" role="doc-noteref">1</a> and more'
        '<a epub:type="noteref" href="#n2">2</a>.</p>'
        '<aside id="n1" role="doc-footnote"><p>1. First aside note.</p></aside>'
        '<aside id="n2" epub:type="footnote"><p>Second aside note.</p></aside></body></html>', encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "First aside note."), ("2", "Second aside note.")]
    assert all(n.refs for n in notes)


def make_epub(path):
    chapter = ('<p>A claim<a href="endnotes.xhtml#note-1" id="noteref-1" epub:type="noteref">1</a> '
               'and a second one<a href="endnotes.xhtml#note-2" id="noteref-2" epub:type="noteref">2</a>.</p>')
    endnotes = ('<section epub:type="endnotes"><ol>'
                '<li id="note-1" epub:type="endnote"><p>First endnote. '
                '<a href="ch1.xhtml#noteref-1" epub:type="backlink">\u21a9</a></p></li>'
                '<li id="note-2" epub:type="endnote"><p>Second endnote. '
                '<a href="ch1.xhtml#noteref-2" epub:type="backlink">\u21a9</a></p></li></ol></section>')
    files = {"ch1.xhtml": chapter, "endnotes.xhtml": endnotes}
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                   'full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        items = "".join(f'<item id="i{i}" href="text/{n}" media-type="application/xhtml+xml"/>' for i, n in enumerate(files))
        spine = "".join(f'<itemref idref="i{i}"/>' for i in range(len(files)))
        z.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                   'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   '<dc:identifier id="id">x</dc:identifier><dc:title>T</dc:title><dc:language>en</dc:language>'
                   f'</metadata><manifest>{items}</manifest><spine>{spine}</spine></package>')
        for name, body in files.items():
            z.writestr(f"OEBPS/text/{name}", '<?xml version="1.0" encoding="utf-8"?><html '
                       'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
                       f'<head><title>t</title></head><body>{body}</body></html>')


def test_epub_endnotes_in_another_file(tmp_path):
    path = tmp_path / "book.epub"
    make_epub(path)
    notes = notes_of(path)
    assert [(n.label, n.kind, n.note_text) for n in notes] == [("1", "endnote", "First endnote."),
                                                               ("2", "endnote", "Second endnote.")]
    assert all(n.refs and n.refs[0].page == 0 for n in notes)
    assert all(n.note_page == 1 for n in notes)   # the endnotes file starts a new page


def test_plain_text_notes_on_consecutive_lines(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("MEMO\n\nThe delegation objected[1] and the chair ruled.[2]\n\n"
                    "[1] Summary record, para. 4.\n[2] See https://example.org/rulings/\n2024/12.\n", encoding="utf-8")
    notes = notes_of(path)
    assert [n.label for n in notes] == ["1", "2"]
    assert notes[0].note_text == "Summary record, para. 4."
    assert all(n.refs for n in notes)


def test_wikipedia_style_references_drop_every_backlink(tmp_path):
    path = tmp_path / "wiki.html"
    path.write_text(
        '<html><body><p>Claim<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup> and '
        'again<sup id="cite_ref-1b" class="reference"><a href="#cite_note-1">[1]</a></sup>.</p>'
        '<ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink">^ '
        '<a href="#cite_ref-1">a</a> <a href="#cite_ref-1b">b</a></span> '
        '<span class="reference-text">Gummere, Loeb edition.</span></li></ol></body></html>', encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "Gummere, Loeb edition.")]
    assert len(notes[0].refs) == 2


def test_deeply_nested_markup_costs_no_stack():
    from reader.core.footnotes import markup
    html = "<p>Claim<sup>1</sup></p>" + "<div>" * 20000 + "deep" + "</div>" * 20000 + "<p><sup>1</sup> Note one.</p>"
    notes, pairs = markup.find(html)
    assert [(n.label, n.text) for n in notes] == [("1", "Note one.")]
    assert len(pairs) == 1


def test_markdown_list_under_a_notes_heading(tmp_path):
    path = tmp_path / "essay.md"
    path.write_text("An essay with a claim.<sup>1</sup> And another.<sup>2</sup>\n\n## Notes\n\n"
                    "1. First listed note.\n2. Second listed note.\n", encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "First listed note."), ("2", "Second listed note.")]
    assert all(n.refs for n in notes)


def test_superscript_digit_characters(tmp_path):
    path = tmp_path / "pasted.md"
    path.write_text("Pasted from a word processor, a claim\u00b9 and another.\u00b2\n\n"
                    "\u00b9 First pasted note.\n\n\u00b2 Second pasted note.\n", encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "First pasted note."), ("2", "Second pasted note.")]
    assert all(n.refs for n in notes)


def test_numbered_list_after_a_rule(tmp_path):
    path = tmp_path / "ruled.md"
    path.write_text("A claim<sup>1</sup> and a second<sup>2</sup>.\n\n1. A numbered body list item.\n\n---\n\n"
                    "1. First ruled note.\n2. Second ruled note.\n", encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "First ruled note."), ("2", "Second ruled note.")]
    assert all(n.refs for n in notes)


def test_seed_laid_out_as_plain_text(data_file):
    from reader.core import reflow
    text = data_file("un-letter-2025-04-01.txt").read_text(encoding="utf-8")
    html = reflow.text_to_html(text)   # literal "<sup>1</sup>" in the text, whatever the sniffer says
    layout = reflow.layout_html(html)
    doc = Document(data_file("un-letter-2025-04-01.txt"), "text", layout.pdf, html=html, positions=layout.positions)
    notes = analyze(doc)
    assert [n.label for n in notes] == ["*", "1", "2", "3", "4", "5", "6", "7"]
    assert all(n.refs for n in notes[1:]) and not notes[0].refs
    assert notes[3].urls == ("https://caliber.az/en/post/207092/",)


def test_word_saved_html_with_named_anchors(tmp_path):
    path = tmp_path / "word.htm"
    path.write_text(
        '<html><body><p class=MsoNormal>The Council decided<a href="#_ftn1" name="_ftnref1">'
        '<span class=MsoFootnoteReference>[1]</span></a> to act.</p>'
        '<div style="mso-element:footnote-list"><div style="mso-element:footnote" id=ftn1>'
        '<p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1">[1]</a> Resolution 2334 (2016).</p>'
        '</div></div></body></html>', encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "Resolution 2334 (2016).")]
    assert len(notes[0].refs) == 1


def test_markdown_label_links_to_a_bullet_list_without_targets(tmp_path):
    """Archival Markdown: markers are links "[1](#f1)" whose ids exist nowhere, the notes a
    bullet list "* 1 Text" after the archival reference, with no rule or heading."""
    path = tmp_path / "cable.md"
    path.write_text("Security Council 23rd.[1](#f1) China disagreed as to competence.[2](#f2)\n\n"
                    "Hodgson then traced the history of Council resolutions.[3](#f3)\n\n"
                    "[AA:A1838, 854/10/4/3, iiib]\n\n"
                    "  * 1 The full text of the discussion is in the Official Records.\n"
                    "  * 2 See Document 407.\n  * 3 On 24 December the Council adopted a resolution.\n",
                    encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [
        ("1", "The full text of the discussion is in the Official Records."), ("2", "See Document 407."),
        ("3", "On 24 December the Council adopted a resolution.")]
    assert all(len(n.refs) == 1 for n in notes)


def test_a_numbered_bullet_list_without_markers_is_no_note_list(tmp_path):
    path = tmp_path / "steps.md"
    path.write_text("Install it as follows, see [the guide](#guide).\n\n"
                    "  * 1 Download the archive.\n  * 2 Unpack it.\n  * 3 Run the installer.\n", encoding="utf-8")
    assert notes_of(path) == []


def test_every_symbol_label_of_the_shared_vocabulary_heads_a_markdown_note(tmp_path):
    """The labels a PDF note may carry ("¶", "‖", "**") head Markdown notes too; "§ 12" cites a
    section and heads no note."""
    path = tmp_path / "symbols.md"
    path.write_text("The committee met twice. It adopted the report.\n\n---\n\n"
                    "\\*\\* Issued without formal editing.\n\n\u00b6 Circulated under agenda item 4.\n\n"
                    "\u2016 Reissued for technical reasons.\n\n\u00a7 12 of the Act applies.\n", encoding="utf-8")
    assert [(n.label, n.note_text) for n in notes_of(path)] == [
        ("**", "Issued without formal editing."), ("\u00b6", "Circulated under agenda item 4."),
        ("\u2016", "Reissued for technical reasons.")]


def test_numbered_contents_before_the_text_are_no_notes(tmp_path):
    """Gutenberg-style text: "[1]" markers, "[1] Text" notes at the end, and a numbered table of
    contents ("1. Of Truth") before the text that must not be read as a second note series."""
    path = tmp_path / "essays.txt"
    path.write_text("CONTENTS\n\n1. Of Truth\n\n2. Of Death\n\n3. Of Unity in Religion\n\n"
                    "[Illustration: The author at his desk.]\n\nOF TRUTH\n\n"
                    "What is truth? said jesting Pilate, and would not stay for an answer.[1]\n"
                    "Certainly there be that delight in giddiness.[2]\n\n"
                    "OF DEATH\n\nMen fear death, as children fear to go in the dark.[3]\n\n"
                    "[1] John xviii. 38.\n\n[2] Compare Montaigne, Essais, i. 26.\n\n[3] Seneca, Epistles, xxiv.\n",
                    encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [
        ("1", "John xviii. 38."), ("2", "Compare Montaigne, Essais, i. 26."), ("3", "Seneca, Epistles, xxiv.")]
    assert [len(n.refs) for n in notes] == [1, 1, 1]   # a note's own "[1]" is no marker


def test_line_numbers_of_a_code_listing_are_no_notes(tmp_path):
    path = tmp_path / "listing.html"
    path.write_text("<html><body><p>See the listing.</p><ul><li><pre>1 x = a[1]\n2 y = a[2]\n3 z = a[3]</pre>"
                    "</li></ul><p>Done [1] and [2] and [3].</p></body></html>", encoding="utf-8")
    assert notes_of(path) == []


@pytest.mark.parametrize("name, text", [
    ("two.md", "The Council met.<sup>1</sup> The table follows.\n\n| Year | Votes<sup>a</sup> |\n|---|---|\n"
               "| 2016 | 14<sup>b</sup> |\n\n<sup>a</sup> Recorded votes only.\n\n<sup>b</sup> One abstention.\n\n"
               "It adjourned.<sup>2</sup>\n\n---\n\n<sup>1</sup> See A/71/PV.101.\n\n<sup>2</sup> Meeting of 23 December.\n"),
    ("two.txt", "The Council met.[1] The table follows.\n\nYear   Votes[a]\n2016   14[b]\n\n[a] Recorded votes only.\n\n"
                "[b] One abstention.\n\nIt adjourned.[2]\n\n[1] See A/71/PV.101.\n\n[2] Meeting of 23 December.\n"),
])
def test_a_lettered_series_beside_the_numbered_one(tmp_path, name, text):
    """Table notes a, b and footnotes 1, 2 in one file: both series, each note with its marker
    (in Markdown the letters sit in table cells)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [
        ("a", "Recorded votes only."), ("b", "One abstention."), ("1", "See A/71/PV.101."),
        ("2", "Meeting of 23 December.")]
    assert all(len(n.refs) == 1 for n in notes)


def test_page_number_links_of_a_gutenberg_contents_are_no_markers(tmp_path):
    """Gutenberg HTML: the contents link "5" to a page anchor in the middle of a paragraph
    ("[Pg 5]"); a note starts at its anchor, so that paragraph is no note."""
    path = tmp_path / "essays.html"
    path.write_text(
        '<html><body><h2>CONTENTS</h2><p class="toc">Of Unity in Religion <a href="#Page_5">5</a></p>'
        '<p>What is truth? said jesting Pilate.<a name="FNanchor_1_1" id="FNanchor_1_1"></a>'
        '<a href="#Footnote_1_1" class="fnanchor">[1]</a> Certainly there be that delight in giddiness.</p>'
        '<p>Religion being the chief band of human society, <span class="pagenum"><a name="Page_5" id="Page_5">'
        '[Pg 5]</a></span>it is a happy thing.</p><div class="footnotes"><h3>FOOTNOTES:</h3>'
        '<div class="footnote"><p><a name="Footnote_1_1" id="Footnote_1_1"></a><a href="#FNanchor_1_1">'
        '<span class="label">[1]</span></a> John xviii. 38.</p></div></div></body></html>', encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "John xviii. 38.")]
    assert len(notes[0].refs) == 1


def test_many_links_to_one_repeated_id_stay_linear():
    """10,000 markers in one paragraph, all linking to an id that 10,000 elements carry: each
    link looks at its own neighbourhood only (this took minutes when every link scanned them all;
    pytest's timeout fails it)."""
    from reader.core.footnotes import markup
    n = 10_000
    html = ("<p>" + "".join(f'word<a href="#x"><sup>{i % 9 + 1}</sup></a> ' for i in range(n)) + "</p>"
            + '<p id="x">1 Note.</p>' * n)
    notes, pairs = markup.find(html)
    assert len(pairs) == n
    assert len(notes) == 1


def test_indesign_epub_notes_named_by_file_and_wrapped(tmp_path):
    """InDesign names its own file in every link (``chapter.xhtml#footnote-000``) and wraps each
    ``p.Footnote`` in an ``aside epub:type="footnote"``: one note each, with its marker."""
    path = tmp_path / "chapter.xhtml"
    path.write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>'
        '<p>The committee met in Geneva.<span id="footnote-000-backlink"><a class="_idFootnoteLink" '
        'href="chapter.xhtml#footnote-000">1</a></span> It adopted the report.</p><div class="_idFootnotes">'
        '<aside class="_idFootnote" epub:type="footnote" id="footnote-000"><p class="Footnote"><span>'
        '<a class="_idFootnoteAnchor" href="chapter.xhtml#footnote-000-backlink">1</a></span>\tSee A/71/PV.101.'
        '</p></aside></div></body></html>', encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "See A/71/PV.101.")]
    assert len(notes[0].refs) == 1


def test_pressbooks_return_links_leave_the_note_text(tmp_path):
    path = tmp_path / "pressbooks.html"
    path.write_text(
        '<html><body><p>The committee met.<sup class="footnote"><a class="footnote" href="#footnote-12-1" '
        'id="return-footnote-12-1">1</a></sup></p><div class="footnotes"><ol><li id="footnote-12-1">See A/71/PV.101. '
        '<a href="#return-footnote-12-1" class="return-footnote">&crarr;</a></li></ol></div></body></html>',
        encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "See A/71/PV.101.")]
