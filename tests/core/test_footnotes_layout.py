"""Footnotes of PDFs from links and page layout: real UN and LaTeX files, generated fixtures."""
from __future__ import annotations

import pytest
from footnote_helpers import notes_of

from reader.core.footnotes.text import label_key


def by_label(notes):
    return {n.label: n for n in notes}


# -- real documents -------------------------------------------------------------------

def test_un_symbol_notes_with_full_size_markers(data_file):
    notes = notes_of(data_file("un_A_80_L.23.pdf"))
    labels = [n.label for n in notes]
    assert labels[:4] == ["*", "**", "1", "2"]
    assert labels[2:] == [str(i) for i in range(1, 18)]
    star, star2 = notes[0], notes[1]
    assert star.note_text.startswith("On behalf of the States that are members")
    assert star2.note_text.startswith("Any changes to the list of sponsors")
    assert star.refs and star.refs[0].page == 0 and star2.refs and star2.refs[0].page == 0
    assert notes[2].source == "link"   # numbered notes are linked in this file


def test_un_unlinked_notes_and_urls(data_file):
    notes = by_label(notes_of(data_file("un_A_RES_78_5.pdf")))
    assert len(notes) == 12
    assert all(n.source == "layout" and n.refs for n in notes.values())
    assert notes["1"].note_text == "Resolution 73/3."
    assert notes["12"].urls == (
        "https://www.who.int/news/item/17-01-2023-who-announces-plans-to-establish-a-tb-vaccine-accelerator-council",)
    assert notes["11"].urls == ("https://bricstb.samrc.ac.za/",)


def test_un_table_notes_are_not_footnotes(data_file):
    notes = notes_of(data_file("un_A_RES_80_242.pdf"))
    assert [n.label for n in notes] == [str(i) for i in range(1, 47)]
    assert not any(n.note_text.startswith("Includes") for n in notes)
    assert all(n.refs and n.refs[0].page == n.note_page for n in notes)


def test_chicago_dotted_labels_and_broken_url(data_file):
    notes = notes_of(data_file("cms-legal-sample.pdf"))
    assert [n.label for n in notes] == [str(i) for i in range(1, 52)]
    note32 = notes[31]
    assert note32.urls == ("http://www.un.org/documents/sc/res/1946/scres46.htm",)
    assert notes[0].note_text.startswith("United States v. Christmas")
    assert not notes[0].note_text.startswith("1")


def test_endnotes_after_footnotes_and_a_margin_note(data_file):
    notes = notes_of(data_file("cms-noteref-demo.pdf"))
    foot = [n for n in notes if n.kind == "footnote"]
    end = [n for n in notes if n.kind == "endnote"]
    assert [n.label for n in foot] == [str(i) for i in range(1, 53)]
    assert [n.label for n in end] == [str(i) for i in range(1, 19)]
    assert all(n.note_page == 3 for n in end)
    assert all(n.refs and n.refs[0].page == 2 for n in end)       # markers on page 3
    assert not any("Endnotes" in n.note_text[:20] for n in notes)  # the sidenote is no note


# -- generated fixtures ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["footnotes/pymupdf-continuation.pdf", "footnotes/latex-notes.pdf"])
def test_note_continued_on_the_next_page_is_joined(data_file, name):
    notes = notes_of(data_file(name))
    long = max(notes, key=lambda n: len(n.note_text))
    assert long.note_pages == (long.note_page, long.note_page + 1)
    assert long.refs[0].page == long.note_page
    labels = [n.label for n in notes]
    assert labels.count(long.label) == 1


def test_url_split_over_a_page_break(data_file):
    note = notes_of(data_file("footnotes/pymupdf-continuation.pdf"))[0]
    assert "continued on the next page" in note.note_text      # hyphen at the line end undone
    assert note.urls == ("https://example.org/reports/2024/annual-report.pdf",)


def test_symbols_then_per_page_renumbering(data_file):
    notes = notes_of(data_file("footnotes/pymupdf-symbols-perpage.pdf"))
    assert [(n.label, n.note_page) for n in notes] == [
        ("*", 0), ("\u2020", 0), ("\u2021", 0), ("1", 1), ("2", 1), ("1", 2), ("2", 2)]
    assert all(n.refs and n.refs[0].page == n.note_page for n in notes)
    assert not any("Margin" in n.note_text or "Journal" in n.note_text for n in notes)


@pytest.mark.parametrize("name", ["footnotes/pymupdf-two-columns.pdf", "footnotes/latex-twocolumn.pdf"])
def test_two_columns_each_with_its_notes(data_file, name):
    notes = notes_of(data_file(name))
    assert [n.label for n in notes] == ["1", "2", "3", "4"]
    left, right = notes[:2], notes[2:]
    assert all(n.note_rect[2] < min(r.note_rect[0] for r in right) for n in left)
    assert all("column" in n.note_text for n in notes)
    for note in notes:   # each marker sits in the column of its note
        marker = note.refs[0]
        assert (marker.rect[0] < 290) == (note.note_rect[0] < 290)


def test_table_notes_are_left_out(data_file):
    notes = notes_of(data_file("footnotes/pymupdf-table-notes.pdf"))
    assert [(n.label, n.note_text) for n in notes] == [("1", "Posts approved in resolution 80/242.")]


def test_latex_with_and_without_hyperref_agree(data_file):
    plain = notes_of(data_file("footnotes/latex-notes.pdf"))
    linked = notes_of(data_file("footnotes/latex-hyperref.pdf"))
    assert [(n.label, n.note_page, n.note_text) for n in plain] == \
        [(n.label, n.note_page, n.note_text) for n in linked]
    assert {n.source for n in plain} == {"layout"}
    assert {n.source for n in linked} == {"link"}
    labels = [n.label for n in plain]
    assert labels[4] == "\u2217"   # kept as printed: TeX's asterisk operator, not "*"
    assert [label_key(x) for x in labels] == ["1", "2", "3", "4", "*", "\u2020", "\u2021", "1", "2"]
    assert not {"a", "b"} & set(labels)   # the table's own notes


def test_libreoffice_notes(data_file):
    notes = notes_of(data_file("footnotes/libreoffice-notes.pdf"))
    assert [n.label for n in notes][:3] == ["1", "2", "*"]
    assert not {"a", "b"} & {n.label for n in notes}
    assert notes[1].urls == ("https://www.example.org/records/2025/plenary-meeting-summary-records.html",)
    assert all(n.refs for n in notes)


def test_libreoffice_per_page_numbering_in_two_columns(data_file):
    notes = notes_of(data_file("footnotes/libreoffice-perpage-columns.pdf"))
    assert [n.label for n in notes] == ["1", "2", "1", "2"]
    assert notes[2].note_text.startswith("First note of page two")
    assert notes[0].note_page < notes[2].note_page
    assert all(n.refs and n.refs[0].page == n.note_page for n in notes)


def test_several_markers_on_a_line_and_several_notes_on_a_line(data_file):
    notes = notes_of(data_file("footnotes/pymupdf-para-notes.pdf"))
    assert [(n.label, n.note_text) for n in notes] == [("1", "Ibid., p. 25."), ("2", "Idem, op. cit."), ("3", "Ibid.")]
    xs = [n.refs[0].rect[0] for n in notes]
    assert xs == sorted(xs) and len({n.refs[0].rect[1] for n in notes}) == 1   # one body line, left to right


def test_underscores_in_the_body_are_no_separator(tmp_path):
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page()
    y = 80
    for i in range(25):
        page.insert_text((72, y), f"Body line {i} of a resolution, set at the body size of the page.", fontsize=10)
        y += 14
    page.insert_text((72, y + 10), "______________________", fontsize=10)
    page.insert_text((72, y + 30), "1. Decides to remain seized of the matter.", fontsize=10)
    page.insert_text((72, y + 44), "2. Requests the Secretary-General to report.", fontsize=10)
    path = tmp_path / "signature.pdf"
    doc.save(path)
    assert notes_of(path) == []


def test_endnotes_under_a_body_size_notes_heading(tmp_path):
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(3):
        text = f"Body sentence {i} with an endnote marker"
        page.insert_text((72, 80 + 14 * i), text, fontsize=10)
        page.insert_text((72 + pymupdf.get_text_length(text, "helv", 10), 76.5 + 14 * i), str(i + 1), fontsize=6)
    page = doc.new_page()
    page.insert_text((72, 80), "Notes", fontsize=10, fontname="hebo")
    for i in range(3):
        page.insert_text((72, 100 + 12 * i), f"{i + 1}. Endnote number {i + 1} text.", fontsize=9)
    path = tmp_path / "endnotes.pdf"
    doc.save(path)
    notes = notes_of(path)
    assert [(n.label, n.kind, n.note_page) for n in notes] == [("1", "endnote", 1), ("2", "endnote", 1), ("3", "endnote", 1)]
    assert all(n.refs and n.refs[0].page == 0 for n in notes)


def test_word_style_continuation_under_underscores(tmp_path):
    import pymupdf
    doc = pymupdf.open()
    for pno in range(2):
        page = doc.new_page()
        for i in range(30):
            page.insert_text((72, 80 + 14 * i), f"Body line {i} of page {pno + 1}, operative paragraph text.", fontsize=10)
        label = str(41 + pno)
        page.insert_text((72 + pymupdf.get_text_length("Body line 0 of page 1,", "helv", 10), 76.5), label, fontsize=6)
        page.insert_text((90, 640), "__________________", fontsize=8)
        y = 656
        if pno == 1:
            page.insert_text((100, y), "the end of note 41, carried over from the page before.", fontsize=8.5)
            y += 11
        page.insert_text((100, y - 3), label, fontsize=5.5)
        page.insert_text((108, y), f"Note {label} starts here and", fontsize=8.5)
        page.insert_text((100, y + 11), "runs over a second line.", fontsize=8.5)
        page.insert_text((480, 760), f"{pno + 1}/2", fontsize=8.5)
    path = tmp_path / "carried.pdf"
    doc.save(path)
    notes = notes_of(path)
    assert [(n.label, n.note_pages) for n in notes] == [("41", (0, 1)), ("42", (1,))]
    assert notes[0].note_text.endswith("carried over from the page before.")
    assert "1/2" not in notes[0].note_text and "2/2" not in notes[1].note_text


def test_reference_list_and_small_type_pages_are_not_notes(tmp_path):
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(20):
        page.insert_text((72, 80 + 14 * i), f"Body line {i} of the article, at the size of the body text.", fontsize=10)
    page.insert_text((72, 380), "References", fontsize=12)
    for i in range(5):
        page.insert_text((72, 400 + 11 * i), f"{i + 1}. Author {i}, A Title of a Work, Publisher, 2020.", fontsize=8)
    page = doc.new_page()   # an annex set all in small type
    for i in range(30):
        page.insert_text((72, 80 + 11 * i), f"{i + 1}. Annex paragraph {i} in small type, numbered.", fontsize=8)
    path = tmp_path / "article.pdf"
    doc.save(path)
    assert notes_of(path) == []


def test_endnote_section_ends_at_the_next_chapter(tmp_path):
    import pymupdf

    def marked(page, y, text, label):
        page.insert_text((72, y), text, fontsize=10)
        page.insert_text((72 + pymupdf.get_text_length(text, "helv", 10), y - 3.5), label, fontsize=6)
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(2):
        marked(page, 80 + 14 * i, f"Chapter one sentence {i} with an endnote", str(i + 1))
    page = doc.new_page()
    page.insert_text((72, 80), "Notes", fontsize=14)
    for i in range(2):
        page.insert_text((72, 100 + 12 * i), f"{i + 1}. Chapter one endnote {i + 1}.", fontsize=9)
    page.insert_text((72, 160), "Chapter Two", fontsize=14)
    for i in range(20):
        page.insert_text((72, 180 + 14 * i), f"Running text {i} of the second chapter goes on here.", fontsize=10)
    marked(page, 180 + 14 * 20, "And here a real footnote", "1")
    page.draw_line((72, 700), (200, 700), width=0.5)
    page.insert_text((72, 714), "1", fontsize=5)
    page.insert_text((78, 717), "A footnote of chapter two.", fontsize=8)
    path = tmp_path / "book.pdf"
    doc.save(path)
    notes = notes_of(path)
    assert [(n.label, n.kind, n.note_page) for n in notes] == [("1", "endnote", 1), ("2", "endnote", 1), ("1", "footnote", 1)]
    assert notes[2].note_text == "A footnote of chapter two."
    assert notes[0].refs[0].page == 0 and notes[2].refs[0].page == 1


def test_margin_note_beside_the_note_area_stays_out(tmp_path):
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(30):
        page.insert_text((72, 80 + 14 * i), f"Body line {i} of the page, set in the text column only.", fontsize=10)
    page.insert_text((72 + pymupdf.get_text_length("Body line 0 of the page,", "helv", 10), 76.5), "1", fontsize=6)
    page.draw_line((72, 700), (200, 700), width=0.5)
    page.insert_text((72, 711), "1", fontsize=5)
    page.insert_text((78, 714), "The only footnote on this page.", fontsize=8)
    page.insert_text((72, 725), "It has a second line.", fontsize=8)
    page.insert_text((470, 716), "Sidenote in", fontsize=7)
    page.insert_text((470, 724), "the margin", fontsize=7)
    path = tmp_path / "margin.pdf"
    doc.save(path)
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("1", "The only footnote on this page. It has a second line.")]


def test_two_links_on_one_marker_span_go_to_their_own_notes(tmp_path):
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page()
    text = "A claim with two notes at once"
    page.insert_text((72, 80), text, fontsize=10)
    x = 72 + pymupdf.get_text_length(text, "helv", 10)
    page.insert_text((x, 76.5), "1,2", fontsize=6)
    w = pymupdf.get_text_length("1", "helv", 6)
    for i in range(25):
        page.insert_text((72, 94 + 14 * i), f"Body line {i} of the page, long enough to be running text.", fontsize=10)
    page.draw_line((72, 700), (200, 700), width=0.5)
    for i, y in enumerate((714, 725)):
        page.insert_text((72, y - 3), str(i + 1), fontsize=5)
        page.insert_text((78, y), f"Linked note {i + 1}.", fontsize=8)
    for i, x0 in enumerate((x, x + w + pymupdf.get_text_length(",", "helv", 6))):
        page.insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(x0, 70, x0 + w, 80), "page": 0,
                          "to": pymupdf.Point(72, 705 + 11 * i)})
    path = tmp_path / "two-links.pdf"
    doc.save(path)
    notes = notes_of(path)
    assert [(n.label, n.source) for n in notes] == [("1", "link"), ("2", "link")]
    assert len(notes[0].refs) == len(notes[1].refs) == 1
    assert notes[0].refs[0].rect[0] < notes[1].refs[0].rect[0]


def test_labels_and_markers_printed_with_superscript_characters(tmp_path):
    """Some fonts' notes are set with the characters ¹ ² (not raised glyphs): the label is kept
    as printed, and the markers inside the running text are found and linked."""
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=500)
    page.insert_text((50, 80), "A claim made in the text.\u00b9 Another claim here.\u00b2", fontsize=11)
    for i in range(20):
        page.insert_text((50, 100 + 14 * i), "Body text of the page goes on with words to read.", fontsize=11)
    page.draw_line((50, 405), (150, 405), width=0.5)
    page.insert_text((50, 420), "\u00b9 See the report of the Secretary-General.", fontsize=8)
    page.insert_text((50, 432), "\u00b2 Ibid., para. 12.", fontsize=8)
    path = tmp_path / "superscript-characters.pdf"
    doc.save(path)
    notes = notes_of(path)
    assert [(n.label, n.note_text) for n in notes] == [("\u00b9", "See the report of the Secretary-General."),
                                                       ("\u00b2", "Ibid., para. 12.")]
    assert [len(n.refs) for n in notes] == [1, 1]
    assert notes[0].refs[0].rect[0] < notes[1].refs[0].rect[0]   # each marker where it is printed
