"""The footnote engine's evidence and its joint choice, on hand-built note lines.

``features`` says how much one labelled line at the foot of a page looks like the start of a
note; ``solve.choose`` picks the document's numbering from all of them. These tests build the
lines a page would give (``lines.Line`` of ``lines.Span``) and ask what a reader relies on:
real notes are kept, line numbers of a code listing, table rows and wrapped years are not.
"""
from __future__ import annotations

import pytest

from reader.core.footnotes import features, solve
from reader.core.footnotes.features import Candidate
from reader.core.footnotes.lines import Line, Span

BODY = 10.0


def line(label: str, text: str, *, y: float = 700.0, size: float = 8.0, raised: bool = False) -> Line:
    """A note-area line "label text" as MuPDF would give it: the label its own span."""
    label_size = size * 0.7 if raised else size
    spans = [Span(label, label_size, 0, (72.0, y - size, 72.0 + 5 * len(label), y + 2), y - (2.0 if raised else 0.0)),
             Span(" " + text, size, 0, (80.0, y - size, 400.0, y + 2), y)]
    built = Line(spans, (72.0, y - size, 400.0, y + 2), size=size, base=y, text=f"{label} {text}", label=label,
                 label_style="sup" if raised else "full", body_text=text)
    return built


def candidate(label: str, text: str = "See the report of the Secretary-General.", *, page: int = 0,
              zone: str = "note area", marked: bool | None = True, **kw) -> Candidate:
    c = Candidate(page, line(label, text, **kw), zone, first=False, body=BODY)
    c.marked = marked
    return features.describe(c)


def feature(c: Candidate, name: str) -> float:
    return next(score for n, score, _reason in c.features if n == name)


# -- features ------------------------------------------------------------------------------

def test_a_marker_in_the_text_speaks_for_the_note():
    assert candidate("3", marked=True).score > candidate("3", marked=False).score


def test_a_raised_label_outweighs_a_full_size_one():
    assert candidate("3", raised=True).score > candidate("3").score


@pytest.mark.parametrize("text", [r"\renewcommand{\headrulewidth}{0pt}", "{% a comment", r"\ifnum \count@<1"])
def test_code_after_the_label_speaks_against_it(text):
    assert feature(candidate("118", text), "text") < 0
    assert candidate("118", text).score < candidate("118").score


def test_a_table_row_and_a_closing_marker_speak_against_it():
    assert feature(candidate("12", "573 298 1 204 77"), "text") < 0       # numbers follow a full-size number
    assert feature(candidate("7", ". The Special Rapporteur"), "text") < 0   # a body line opening with a marker
    assert feature(candidate("7", ""), "text") == min(features.WEIGHTS.values())   # nothing to read


def test_a_contents_entry_and_an_apparatus_entry_speak_against_it():
    assert feature(candidate("1", "Options 1.1 Global options . . . . . . . 4"), "text") < 0
    assert feature(candidate("2", "ministrent ] ministrant P"), "text") < 0
    assert feature(candidate("2", "See Smith [1990], 12."), "text") == 0


def test_an_operator_after_the_label_is_an_equation():
    assert feature(candidate("\u2217", "= \u2202C\u2217 \u2202 ln j"), "text") < 0


def test_a_line_larger_than_the_body_is_a_heading():
    assert feature(candidate("2", "Scope of the report", size=12.0), "size") < 0


def test_every_feature_names_its_reason():
    c = candidate("3")
    assert [name for name, _s, _r in c.features] == [name for name, _f in features.FEATURES]
    assert all(reason for _n, _s, reason in c.features)


def test_weights_are_one_table():
    """Every score a feature gives comes from ``features.WEIGHTS``: changing one moves it."""
    before = candidate("3", marked=False).score
    features.WEIGHTS["marker.missing"] -= 1.0
    try:
        assert candidate("3", marked=False).score == pytest.approx(before - 1.0)
    finally:
        features.WEIGHTS["marker.missing"] += 1.0


# -- solve ---------------------------------------------------------------------------------

def chosen(cands: list[Candidate]) -> list[str]:
    solve.choose(cands)
    return [c.label for c in cands if c.accepted]


def test_a_year_opening_a_wrapped_line_stays_text():
    cands = [candidate("1", y=600), candidate("2", y=610), candidate("2005", "WL 119835, at 3.", y=620,
                                                                          marked=False),
             candidate("3", y=630)]
    assert chosen(cands) == ["1", "2", "3"]


def test_a_lost_note_does_not_derail_the_rest():
    cands = [candidate(str(n), page=n // 3, y=600 + 10 * (n % 3)) for n in (1, 2, 3, 5, 6, 7)]
    assert chosen(cands) == ["1", "2", "3", "5", "6", "7"]


def test_a_jump_in_the_numbering_keeps_a_raised_note_whose_marker_is_on_its_page():
    """An excerpt (or a chapter printed apart) goes from note 3 to note 14: a raised label
    under a separator whose raised marker stands in the page's text is still a note."""
    cands = [candidate(str(n), page=0, y=600 + 10 * n, raised=True) for n in (1, 2, 3)]
    cands.append(candidate("14", "At least, readable by anyone who can use a terminal.", page=1,
                           zone="note area below a separator", raised=True))
    assert chosen(cands) == ["1", "2", "3", "14"]


def test_a_far_number_without_its_marker_stays_text():
    cands = [candidate(str(n), page=0, y=600 + 10 * n, raised=True) for n in (1, 2, 3)]
    cands.append(candidate("14", "pages of the second volume.", page=1, marked=False))
    assert chosen(cands) == ["1", "2", "3"]


def test_numbered_code_lines_without_markers_are_not_notes():
    """A listing numbered 118-123 at the foot of a page whose notes are 4 and 5."""
    listing = [candidate(str(n), r"\fancyhf{}" if n % 2 else r"\pagestyle{headings}", page=2,
                         y=500 + 10 * (n - 118), marked=False) for n in range(118, 124)]
    notes = [candidate("4", page=2, y=700), candidate("5", page=2, y=710)]
    earlier = [candidate("1"), candidate("2"), candidate("3", page=1)]
    assert chosen(earlier + listing + notes) == ["1", "2", "3", "4", "5"]


def test_a_restart_at_one_is_kept_where_a_zone_begins():
    cands = [candidate(str(n), page=0, y=600 + 10 * n) for n in (1, 2, 3)]
    restart = candidate("1", page=1, y=600)
    restart.first = True
    cands += [restart, candidate("2", page=1, y=610)]
    assert chosen(cands) == ["1", "2", "3", "1", "2"]


def test_a_listing_numbered_from_one_is_no_restart_of_the_notes():
    """Notes 1-3 on page 1; page 2 holds a code listing numbered 1-8 whose first lines meet
    the markers of notes 1-3 (on the page before) and whose lines are code."""
    notes = [candidate(str(n), page=0, y=600 + 10 * n) for n in (1, 2, 3)]
    listing = [candidate(str(n), r"\begin{tikzpicture}" if n == 1 else "draw (0, 0) -- (1, 1);", page=1,
                         y=300 + 10 * n, marked=n <= 3) for n in range(1, 9)]
    features.mark_listings(listing)
    listing = [features.describe(c) for c in listing]
    after = [candidate("4", page=2, y=700)]
    assert chosen(notes + listing + after) == ["1", "2", "3", "4"]


def test_a_zone_without_markers_is_unlike_a_document_of_marked_notes():
    """Notes 1-7 each have a marker; a numbered list "1. 2. 3." set small at the foot of a
    later page has none: it is no note series, though a restart at 1 may begin a zone."""
    notes = [candidate(str(n), page=n, marked=True, raised=True) for n in range(1, 8)]
    listed = [candidate(f"{n}", "All current macro packages run smoothly.", page=10, marked=False)
              for n in range(1, 4)]
    for c in listed:
        c.line.label_style = "dot"
    cands = notes + listed
    solve.choose(cands)
    assert features.unlike_the_rest(cands)
    for c in cands:
        c.accepted = False
    solve.choose(cands)
    assert [c.accepted for c in notes] == [True] * 7
    assert not any(c.accepted for c in listed)


def test_notes_without_markers_throughout_are_not_held_against_each_other():
    cands = [candidate(str(n), page=n, marked=False, raised=True) for n in range(1, 8)]
    solve.choose(cands)
    assert not features.unlike_the_rest(cands)
    assert all(c.accepted for c in cands)
