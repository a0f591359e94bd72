"""The footnote engine on families it once missed: small documents made by pdflatex and
LibreOffice (tests/data/engine/make.py), Project Gutenberg text and HTML, Markdown links.

Each test asks what a reader relies on: every note found with its label, in order, and
its marker on the page where it is printed.
"""
from __future__ import annotations

import subprocess
import sys

from footnote_helpers import notes_of


def labels(notes):
    return [n.label for n in notes]


def engine(data_file, name):
    return data_file(f"engine/{name}")


# -- LaTeX ---------------------------------------------------------------------------------

def test_chicago_full_size_labels_even_before_a_year(data_file):
    """Labels "13 " set at note size, no dot; every second note begins "1971 was ..."."""
    notes = notes_of(engine(data_file, "chicago-fullsize.pdf"))
    assert labels(notes) == [str(i) for i in range(1, 11)]
    assert notes[1].note_text.startswith("1970 was the year of the vote")
    assert all(n.refs and n.refs[0].page == n.note_page for n in notes)


def test_notes_filling_most_of_every_page(data_file):
    """XeTeX, 34-49 short notes a page with full-size "41." labels fill four fifths of each page
    and outweigh the body text; markers stand in glued runs ("130131132")."""
    notes = notes_of(engine(data_file, "xetex-dense-notes.pdf"))
    assert labels(notes) == [str(i) for i in range(1, 259)]
    assert [n.note_text for n in notes[72:79]] == ["Rousseau, Emile, 50."] * 3 + ["Ibid."] * 3 + ["Gregory, A Father’s Legacy, 12."]
    assert all(n.refs and n.refs[0].page in (n.note_page, n.note_page - 1) for n in notes)


def test_markers_in_superior_figures_at_full_size_are_linked(data_file):
    """chemmacros' manual sets its markers in Linux Libertine's superior figures: full size,
    on the baseline, only narrower than ordinary figures."""
    [note] = notes_of(data_file("chemmacros-superior-figures.pdf"))
    assert note.label == "3" and note.note_text.startswith("Not including needs already solved")
    [ref] = note.refs
    assert ref.page == 0 and 435 < ref.rect[0] < 440 and ref.rect[3] < 400   # after "problems" in the body


def test_a_note_line_stretched_word_by_word_is_one_line(data_file):
    """pythontex's note 6 is set in a narrow column TeX could not fill: 12-33 pt between the
    words of 8 pt lines, which MuPDF reads as a line per word. The note keeps its words, and
    "a" at the start of one of them is no note of its own."""
    notes = notes_of(data_file("pythontex-stretched-note.pdf"))
    assert labels(notes) == ["5", "6"]
    assert notes[1].note_text.startswith("In Python, print was a statement until Python 3, when it became a function.")


def test_macro_names_in_the_margin_do_not_hide_a_note(data_file):
    """xkeyval's manual (ltxdoc) prints macro names in the left margin on the baselines of the
    text beside them; the last one stands below note 5's line, which must stay a note."""
    [note] = notes_of(data_file("xkeyval-margin-labels.pdf"))
    assert note.label == "5" and note.note_text.startswith("See section 14 for details")


def test_markers_glued_as_superscript_characters(data_file):
    """nwejm prints markers 11 and 12 on one word as the characters "¹¹¹²"."""
    notes = notes_of(data_file("nwejm-glued-superscripts.pdf"))
    assert labels(notes) == ["¹⁰", "¹¹", "¹²", "¹³", "¹⁴"]
    by_label = {n.label: n for n in notes}
    first, second = by_label["¹¹"].refs[0], by_label["¹²"].refs[0]
    assert first.page == second.page == 0
    assert first.rect[1] == second.rect[1] and first.rect[2] <= second.rect[0] + 0.5   # side by side, in order


def test_a_url_running_past_the_page_edge_is_read_whole(data_file):
    """hu-berlin-bundle's note 2 is a URL TeX could not break: it runs off the right edge of
    the page, where MuPDF stops reading; the note keeps the whole address."""
    notes = notes_of(data_file("hu-berlin-overfull-url.pdf"))
    assert labels(notes) == ["1", "1", "2"]
    assert notes[2].urls == (
        "https://tex.stackexchange.com/questions/77991/put-the-encl-at-the-bottom-of-the-page-lettre-class",)


def test_a_note_under_its_rule_below_a_table_in_small_type(data_file):
    """tabu's first page is a table of narrow cells, much of it smaller than the note; the
    note under the footnote rule is still a note (and the cells are no two columns)."""
    [note] = notes_of(data_file("tabu-notes-under-a-table.pdf"))
    assert note.label == "2" and note.note_page == 0
    assert note.note_text.startswith("Because color changes are done at \\everycr")
    assert note.refs and note.refs[0].page == 0


def test_two_column_notes_above_a_footer_at_text_size(data_file):
    """asmejour: two columns, each with its own notes under its own rule, and a footer
    "2 / PREPRINT FOR REVIEW" at text size under the left column's notes."""
    notes = notes_of(data_file("asmejour-two-column-notes.pdf"))
    assert labels(notes) == ["1", "2", "3", "4"]
    assert notes[2].note_page == 1 and notes[2].note_text.startswith("asmejour.bst is intended")
    assert not any("PREPRINT" in n.note_text for n in notes)


def test_korean_notes_keep_their_word_spaces(data_file):
    """luatexko's manual sets Korean notes in a font without a space glyph: MuPDF reads
    "쓰지않고"; the note keeps the spaces the page shows between its words."""
    notes = notes_of(data_file("luatexko-hangul-notes.pdf"))
    assert labels(notes) == ["32", "33"]
    assert notes[1].note_text.startswith("\\hbox를 쓰지 않고 직접 입력하는 수식 한글이")


def test_notes_under_their_rule_in_a_section_set_as_small(data_file):
    """dowith sets a whole section in the notes' small size; the notes under the footnote
    rule are still notes."""
    notes = notes_of(data_file("dowith-notes-in-a-small-section.pdf"))
    assert labels(notes) == [str(n) for n in range(1, 23)]
    assert [n.note_page for n in notes[18:]] == [6] * 4 and notes[21].note_text == "The TEXbook p. 47."


def test_critical_apparatus_and_line_numbers_are_no_notes(data_file):
    """reledmac: margin line numbers 5-20, footnotes 1-5 under a rule, and under a second rule
    an apparatus whose entries start with line numbers ("2 ministrent ] ministrant P")."""
    notes = notes_of(engine(data_file, "reledmac-apparatus.pdf"))
    assert labels(notes) == ["1", "2", "3", "4", "5"]
    assert notes[4].note_text == "Seneca paraphrases Posidonius here."   # the apparatus is not part of it
    assert all(len(n.refs) == 1 for n in notes)


def test_notes_at_body_size_under_the_rule(data_file):
    notes = notes_of(engine(data_file, "body-size-notes.pdf"))
    assert labels(notes) == [str(i) for i in range(1, 11)]
    assert notes[0].note_text.startswith("John Smith, The Archive")
    assert all(n.refs for n in notes)


def test_notes_longer_than_half_a_page_run_on(data_file):
    notes = notes_of(engine(data_file, "long-notes.pdf"))
    assert labels(notes) == ["1", "2", "3"]
    assert len(notes[1].note_text) > 1300   # the whole note, over the page break
    assert any(len(n.note_pages) == 2 for n in notes)   # continued on the next page


def test_numbering_restarts_and_glued_markers(data_file):
    """\\counterwithin*{footnote}{section}: 1-4 three times; "123" on one word is three markers."""
    notes = notes_of(engine(data_file, "restart-glued.pdf"))
    assert labels(notes) == ["1", "2", "3", "4"] * 3
    assert all(len(n.refs) == 1 for n in notes)
    assert len({(n.refs[0].page, n.refs[0].rect) for n in notes}) == 12   # one marker each
    first_three = [n.refs[0].rect for n in notes[:3]]
    assert first_three[0][0] < first_three[1][0] < first_three[2][0]   # the "1", "2", "3" of "123"


def test_bigfoot_notes_on_notes(data_file):
    """bigfoot: lettered notes whose markers sit inside the numeric notes' text."""
    notes = {n.label: n for n in notes_of(engine(data_file, "notes-on-notes.pdf"))}
    assert sorted(notes) == ["1", "2", "3", "4", "a", "b", "c", "d"]
    assert notes["a"].note_text == "Amended by resolution 71/2."
    for number, letter in zip("1234", "abcd"):
        marker, home = notes[letter].refs[0], notes[number]
        assert marker.page == home.note_page and home.note_rect[1] - 1 <= marker.rect[1] <= home.note_rect[3]


def test_endnotes_after_every_section_restart(data_file):
    """endnotes: "Notes" after each of three sections, 1-2, 1-3, 1-4; each list is its own."""
    notes = notes_of(engine(data_file, "section-endnotes.pdf"))
    assert labels(notes) == ["1", "2", "1", "2", "3", "1", "2", "3", "4"]
    assert {n.kind for n in notes} == {"endnote"}
    assert all(n.note_text.startswith("Report of the Secretary-General (A/72/") for n in notes[2:5])
    assert len({(n.refs[0].page, n.refs[0].rect) for n in notes}) == 9   # each its own marker


# -- LibreOffice Writer ----------------------------------------------------------------------

def test_writer_label_then_tab(data_file):
    notes = notes_of(engine(data_file, "writer-label-tab.pdf"))
    assert labels(notes) == [str(i) for i in range(1, 9)]
    assert notes[0].note_text == "Report of the Secretary-General (A/70/100), para. 3."
    assert all(n.refs and n.refs[0].page == n.note_page for n in notes)


def test_writer_endnotes_without_a_heading_found_by_their_links(data_file):
    notes = notes_of(engine(data_file, "writer-endnotes.pdf"))
    assert labels(notes) == [str(i) for i in range(1, 9)]
    assert {n.kind for n in notes} == {"endnote"}
    assert all(n.note_page == 1 and n.refs and n.refs[0].page == 0 for n in notes)


def test_writer_roman_numeral_labels(data_file):
    notes = notes_of(engine(data_file, "writer-roman.pdf"))
    assert labels(notes) == ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
    assert all(n.refs for n in notes)


# -- Explain --------------------------------------------------------------------------------

def test_explain_lists_rejected_candidates_with_features(data_file):
    weighed = []
    notes_of(data_file("un_A_RES_80_242.pdf"), explain=weighed)
    rejected = [c for c in weighed if not c.accepted]
    assert rejected, "the table rows at the foot of the page are weighed and rejected"
    names = {name for c in rejected for name, _score, _reason in c.features}
    assert {"style", "text", "zone", "size"} <= names
    assert all(c.why for c in rejected if c.number >= 0)


def test_explain_on_the_command_line(data_file):
    run = subprocess.run([sys.executable, "-m", "reader", "footnotes", str(data_file("un_A_RES_80_242.pdf")),
                          "--explain", "--no-library"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0
    assert "rejected" in run.stdout and "features" in run.stdout and "sequence:" in run.stdout


# -- Project Gutenberg and Markdown ----------------------------------------------------------

GUTENBERG_TEXT = """The Project Gutenberg eBook of Essays

CHAPTER I

It was the best of times, as the historian says.[1] Others disagreed
with him at length.[2]

[Footnote 1: See the _Annals_, book iv,
chapter 12.]

[Footnote 2: Tacitus, _Histories_, i. 3.]

CHAPTER II

Later writers repeated it.[A] And again.[B]

FOOTNOTES:

[A] Gibbon, _Decline and Fall_, ch. 2.

[B] Hume, _History_, vol. 1.
"""


def test_gutenberg_text_footnote_blocks(tmp_path):
    path = tmp_path / "pg.txt"
    path.write_text(GUTENBERG_TEXT, encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [
        ("1", "See the _Annals_, book iv, chapter 12."), ("2", "Tacitus, _Histories_, i. 3."),
        ("A", "Gibbon, _Decline and Fall_, ch. 2."), ("B", "Hume, _History_, vol. 1.")]
    assert all(len(n.refs) == 1 for n in notes)


def test_gutenberg_html_fnanchor(tmp_path):
    path = tmp_path / "pg.html"
    path.write_text(
        '<html><body><p>It was the best of times.<a name="FNanchor_1_1" id="FNanchor_1_1"></a>'
        '<a href="#Footnote_1_1" class="fnanchor">[1]</a> Others disagreed.<a name="FNanchor_2_2" '
        'id="FNanchor_2_2"></a><a href="#Footnote_2_2" class="fnanchor">[2]</a></p>'
        '<div class="footnotes"><h3>FOOTNOTES:</h3>'
        '<div class="footnote"><p><a name="Footnote_1_1" id="Footnote_1_1"></a><a href="#FNanchor_1_1">'
        '<span class="label">[1]</span></a> See the <i>Annals</i>, book iv.</p></div>'
        '<div class="footnote"><p><a name="Footnote_2_2" id="Footnote_2_2"></a><a href="#FNanchor_2_2">'
        '<span class="label">[2]</span></a> Tacitus, <i>Histories</i>, i. 3.</p></div></div></body></html>',
        encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "See the Annals, book iv."),
                                                        ("2", "Tacitus, Histories, i. 3.")]
    assert all(len(n.refs) == 1 for n in notes)


def test_markdown_link_markers_and_bullet_list_notes(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# Report\n\nThe council met in May.[1](#f1) It adjourned in June.[2](#f2)\n\n## Notes\n\n"
                    '- <a id="f1"></a>1. Record of the 12th meeting, see https://example.org/r12.\n'
                    '- <a id="f2"></a>2. Record of the 13th meeting.\n', encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [
        ("1", "Record of the 12th meeting, see https://example.org/r12."), ("2", "Record of the 13th meeting.")]
    assert notes[0].urls == ("https://example.org/r12",)
    marker = notes[1].refs[0]
    assert marker.rect[2] - marker.rect[0] < 20   # the "2" after "June.", not its whole paragraph


def test_glued_unicode_superscripts_in_plain_text(tmp_path):
    """"²³⁴" after a word is three markers; "¹⁰" stays note 10."""
    sup = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
    body = "Opening claim.1 Three sources agree.234 " + " ".join(f"Claim {k}.{k}" for k in range(5, 11))
    text = body.translate(sup) + "\n\nNotes\n\n" + "\n\n".join(f"{k}. Source number {k}." for k in range(1, 11))
    path = tmp_path / "notes.txt"
    path.write_text(text + "\n", encoding="utf-8")
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [(str(k), f"Source number {k}.") for k in range(1, 11)]
    assert all(len(n.refs) == 1 for n in notes)


def test_endnotes_with_a_custom_label_the_link_vouches_for(data_file):
    """endnotes-hy: \\endnote[N1] prints "N1." in the list; its link from the text names it."""
    notes = notes_of(data_file("endnotes-hy-example.pdf"))
    assert labels(notes) == ["1", "2", "3", "4", "5", "N1", "6"]
    assert {n.kind for n in notes} == {"endnote"}
    assert notes[4].note_text == "Don is good. Tom is better."
    assert notes[5].note_text.startswith("A special end note, verbatim:")
    assert all(n.refs and n.refs[0].page == 0 for n in notes)
