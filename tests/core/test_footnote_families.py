"""The footnote engine on the generated family matrix (tests/data/families, issue 12).

Each family is a kind of document made with the real tool (LaTeX classes and note packages,
LibreOffice numberings, pandoc routes, Markdown and plain-text note styles); its ground truth
comes from the generator (tests/families/generate.py), not from the engine. A reader relies
on every family: each must reach F1 0.98 on its own, as scored by the corpus metric.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from families.score import figures, score_document

from reader.core.document import Document
from reader.core.footnotes import analyze, to_json

FAMILIES = Path(__file__).resolve().parent.parent / "data" / "families"
TRUTHS = sorted(FAMILIES.glob("*/*.footnotes.json"))
#: Held-out variants (generate.py --variant SEED): families drawn with other texts, fonts,
#: papers, sizes, margins and note styles than the ones the engine was tuned on.
HELDOUT = sorted((FAMILIES.parent / "families-heldout").glob("*/*/*.footnotes.json"))
HELDOUT_IDS = [f"seed{t.parent.parent.name}-{t.parent.name}" for t in HELDOUT]


def test_the_matrix_has_thirty_families_with_ground_truth():
    families = {t.parent.name for t in TRUTHS}
    assert len(families) >= 30, sorted(families)
    spanning = 0
    for truth_file in TRUTHS:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        assert 5 <= len(truth["footnotes"]) <= 40, truth_file.name
        assert truth_file.with_name(truth_file.name[: -len(".footnotes.json")]).is_file()
        spanning += sum(n.get("note_pages", [0, 0])[1] > n.get("note_pages", [0, 0])[0] for n in truth["footnotes"])
    assert spanning >= 20  # notes continued on the next page, where the layout allows it


def squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(str.maketrans("\u201c\u201d\u2018\u2019\u2013\u2014", "\"\"''--"))
    return re.sub(r"[\s\-\u00ad]+", "", text)


@pytest.mark.parametrize("truth_file", TRUTHS + HELDOUT, ids=[t.parent.name for t in TRUTHS] + HELDOUT_IDS)
def test_ground_truth_is_printed_where_it_says(truth_file: Path):
    """The committed truth still fits its committed document: each label is printed before
    its note's text, on the note's page (PDF) or source line (Markdown, text)."""
    doc_path = truth_file.with_name(truth_file.name[: -len(".footnotes.json")])
    notes = json.loads(truth_file.read_text(encoding="utf-8"))["footnotes"]
    if doc_path.suffix == ".pdf":
        with pymupdf.open(doc_path) as pdf:
            pages = [squash(page.get_text()) for page in pdf]
        for note in notes:
            head = squash(note["label"]) + squash(note["note_text_start"])[:20]
            page = pages[note["note_page"] - 1]
            assert any(head.replace(squash(note["label"]), squash(note["label"]) + sep, 1) in page
                       for sep in ("", ".", ")")), (note["label"], note["note_page"])
    elif doc_path.suffix in (".md", ".txt"):
        lines = doc_path.read_text(encoding="utf-8").splitlines()
        for note in notes:
            source = squash(" ".join(lines[note["note_line"] - 1:][:2])).replace("<", "").replace(">", "")
            assert squash(note["note_text_start"])[:20] in source
            assert squash(note["label"]) in squash(lines[note["ref_line"] - 1])  # NFKC: ¹ is 1
    else:  # HTML, EPUB: the ids the truth names
        text = doc_path.read_bytes()
        assert all(f'id="{n["note_id"]}"'.encode() in text or doc_path.suffix == ".epub" for n in notes)


def _f1(truth_file: Path) -> tuple[float, str]:
    doc_path = truth_file.with_name(truth_file.name[: -len(".footnotes.json")])
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    doc = Document.open(doc_path)
    try:
        predicted = to_json(doc, analyze(doc))["footnotes"]
    finally:
        doc.close()
    result = score_document(truth, predicted)
    f = figures(result["counts"])
    return f["f1"], f"F1 {f['f1']:.3f} (P {f['precision']:.2f}, R {f['recall']:.2f}): " + \
        "; ".join(result["misses"][:8])


@pytest.mark.parametrize("truth_file", TRUTHS, ids=[t.parent.name for t in TRUTHS])
def test_family_f1(truth_file: Path):
    f1, why = _f1(truth_file)
    assert f1 >= 0.98, why


def test_the_heldout_variants_cover_both_seeds_and_the_tools():
    seeds = {t.parent.parent.name for t in HELDOUT}
    kinds = {t.parent.name.split("-")[0] for t in HELDOUT}
    assert len(seeds) >= 3 and {"latex", "lo", "pandoc", "md"} <= kinds, (seeds, kinds)


@pytest.mark.parametrize("truth_file", HELDOUT, ids=HELDOUT_IDS)
def test_heldout_family_f1(truth_file: Path):
    """Documents the engine was not tuned on: a wide hanging indent under raised labels
    (LibreOffice), run-in notes opening a line with the end of the note before (footmisc and
    manyfoot [para], numbers and letters), body lines that open with a marker and its
    punctuation ("⁷. The ...") on pages links land on, a lone number opening nothing, the last
    endnote turned over onto a page of its own ..."""
    f1, why = _f1(truth_file)
    assert f1 >= 0.97, why


def _heldout(seed: str, family: str, suffix: str = ".pdf") -> tuple[list[dict], list[dict]]:
    """(the notes the engine finds, the ground truth's notes) of a committed held-out document."""
    path = FAMILIES.parent / "families-heldout" / seed / family / f"{family}{suffix}"
    truth = json.loads(path.with_name(path.name + ".footnotes.json").read_text(encoding="utf-8"))
    doc = Document.open(path)
    try:
        return to_json(doc, analyze(doc))["footnotes"], truth["footnotes"]
    finally:
        doc.close()


def test_two_columns_a_column_gap_apart_stay_two_lines():
    """A letter page in two columns with 3.5 cm margins leaves 10 pt between the columns:
    a body line and the note line beside it must not merge into one (note 8 was lost)."""
    notes, truth = _heldout("1", "latex-twocolumn")
    assert {(n["label"], n["note_page"]) for n in truth} <= {(n["label"], n["note_page"]) for n in notes}


def test_a_justified_note_line_stretched_word_by_word_stays_one_line():
    """LibreOffice justifies a note line that a long URL pushes to the next line: its words
    stand 4 sizes apart, each a MuPDF line of its own with the space between them alone. The
    line must read as one ("…resolution 66/185, para. 50. See also https://…"), not lose
    "66/185," and turn "50." into a note of its own."""
    found, _truth = _heldout("4", "lo-symbols-custom")
    notes = {n["label"]: n for n in found}
    assert "50" not in notes, sorted(notes)
    assert "66/185, para. 50. See also https://www.ohchr.org" in notes["\u2016"]["note_text"]


def test_a_marker_inside_a_body_line_is_no_run_in_note_on_a_page_links_land_on():
    """Two columns, notes set at body size: on a page that links land on, every line is a
    candidate, and "(A/60/PV.¹⁸ In the debate" read as a run-in note 18 beat the real note 18
    below the separator; its note area then swallowed the markers of notes 12-17."""
    found, _truth = _heldout("4", "lo-two-columns")
    notes = {n["label"]: n for n in found}
    assert notes["18"]["note_text"].startswith("See A/71/400-S/2001/419")
    assert all(notes[str(n)]["refs"] for n in range(12, 18)), [str(n) for n in range(12, 18) if not notes[str(n)]["refs"]]


def test_a_url_spread_glyph_by_glyph_reads_whole():
    """On an A5 page LaTeX's url package spreads a URL over a justified line glyph by glyph;
    MuPDF reads "h t t p s : / / u n d o c s . o r g …". The note and its URL must read whole
    (the note was taken for another, its URL lost)."""
    found, _truth = _heldout("5", "latex-footmisc-para")
    notes = {n["label"]: n for n in found}
    assert "https://undocs.org/en/S/RES/2315" in notes["14"]["urls"]
    assert notes["15"]["note_text"].startswith("See https://press.un.org/en/2000/sgsm788153.doc.htm; see also")


def test_footnotes_at_the_foot_of_an_endnote_page_keep_their_own_numbering():
    """LaTeX sets a page's footnotes under its rule even on the page of the endnotes:
    footnote 13 follows footnote 12, not endnote 6, and was lost."""
    found, _truth = _heldout("5", "latex-foot-and-endnotes")
    notes = {(n["kind"], n["label"]): n for n in found}
    assert notes[("footnote", "13")]["note_page"] == 3
    assert notes[("footnote", "13")]["note_text"].startswith("Official Records of the General Assembly")
    assert {label for kind, label in notes if kind == "endnote"} == {"1", "2", "3", "4", "5", "6"}


def test_notes_at_the_foot_of_the_right_column_beside_left_column_text():
    """Two columns with a wide inner margin: the middle of the text is not the middle of the
    page, the columns were not told apart, and the notes at the foot of the right column,
    beside body text still running in the left one, were lost (seed 6: 4 of 16)."""
    notes, truth = _heldout("6", "latex-twocolumn")
    assert {(n["label"], n["note_page"]) for n in truth} <= {(n["label"], n["note_page"]) for n in notes}


def test_a_year_opening_a_wrapped_line_is_no_note_among_lettered_linked_notes():
    """A note continued on the next page opens it with "2010. The Special Rapporteur …":
    links land on the page's notes g-j, all lettered, none on this line; it is text."""
    found, _truth = _heldout("6", "lo-letters")
    labels = [n["label"] for n in found]
    assert labels == list("abcdefghijklm")


def test_a_footnote_going_on_under_the_endnotes_of_the_next_page_stays_one_note():
    """Seed 7: footnote 9 goes on at the foot of the endnote page, under LaTeX's rule, before
    footnote 10. The rest belongs to footnote 9 (it was added to endnote 4) and footnote 10
    is a footnote (it was lost)."""
    found, _truth = _heldout("7", "latex-foot-and-endnotes")
    notes = {(n["kind"], n["label"]): n for n in found}
    nine = notes[("footnote", "9")]
    assert nine["note_pages"] == [3, 4] and nine["note_text"].endswith("United Nations, 2015), p. 92.")
    assert notes[("endnote", "4")]["note_text"] == "See A/74/370-S/2013/352, annex, para. 58."
    assert notes[("footnote", "10")]["note_page"] == 4


def test_an_epub_marker_after_a_symbol_broken_over_two_lines_is_found():
    """An EPUB's markers are placed by the words before them; a symbol the layout breaks
    after a slash ("(A/56/" + "PV.871)") has a space in the page text that the markup
    lacks, and the marker of note 7 was not found."""
    notes, _truth = _heldout("7", "pandoc-md-epub", ".epub")
    assert len(notes) == 15 and all(n["refs"] for n in notes), [n["label"] for n in notes if not n["refs"]]
