"""Named features of a note candidate: each returns ``(score, reason)``.

A candidate is a line in a note zone (the foot of a column, an endnote section) that starts
with a label. Nothing is decided here: the features say how much a line looks like the
start of a note on its own; :mod:`solve` adds how well its number fits the sequence and
picks the notes of the whole document jointly. Positive scores speak for a note, negative
ones against; a reason is a short phrase for ``ibid footnotes --explain`` and the note's
``reason``.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.footnotes.lines import Line
from reader.core.footnotes.text import SUPERSCRIPT_DIGITS, is_symbol, roman_value

Score = tuple[float, str]

#: Every weight the features give, in one place. ``benchmarks/footnote_fit.py`` refits them on
#: the tune half of the real corpora (``--write`` prints the table to paste here).
WEIGHTS: dict[str, float] = {
    "style.sup": 1.0, "style.dot": 0.5, "style.full": -1.0,
    "text.none": -9.0, "text.closing": -3.0, "text.table": -2.5, "text.number_full": -1.0,
    "text.number": -0.5, "text.code": -1.5, "text.apparatus": -2.0, "text.contents": -2.0,
    "zone.run_in_linked_page": -1.0, "zone.contents": -2.0, "zone.listing": -2.0, "zone.endnotes": 0.5, "zone.separator": 0.5,
    "hanging": 0.5,
    "size.heading": -3.0, "size.body": -1.0,
    "link.here": 2.0, "link.twin": -3.0, "link.other_kind": -1.5,
    "marker.found": 0.75, "marker.missing": -0.5, "marker.unlike_the_rest": -1.0,
    # the steps between one accepted number and the next (see solve.step)
    "step.first": 1.0, "step.first_unraised": -0.6, "step.next": 2.0, "step.restart": 0.5,
    "step.restart_mid_zone": -1.0, "step.gap": -0.4, "step.far": -2.0,
}
#: A document whose chosen notes mostly have their marker in the text (this share, of at
#: least MARKED_NOTES notes) makes a zone whose lines have none at all less likely notes: a
#: numbered list set small at the foot of a page ("1. All current macro packages ...").
MARKED_DOCUMENT = 2 / 3
MARKED_NOTES = 5
#: A note line's first words that are code, not prose: a TeX command, a brace, a comment.
CODE_START = re.compile(r"^[\\{}%]|^\w+\{")
#: Dot leaders of a table of contents ("1.1 Global options . . . . . 4").
LEADERS = re.compile(r"(?:\.\s?){5,}|\u2026{2,}")
#: A critical apparatus entry: line number, lemma, closing bracket, variant ("12 sapientia] -iam A").
_LEMMA = re.compile(r"^[^\[\]()]{1,40}\]\s")
_CLOSING = set(".,;:!?)]\u201d\u2019=<>+\u00d7\u2212")   # what ends a clause, or an operator: never starts a note
_TEXT_START = re.compile(r"[^\W\d]|[\"'\u201c\u2018(\[]")


@dataclass
class Candidate:
    """A labelled line in a note zone, with what the features said about it."""
    page: int
    line: Line
    zone: str                  # "endnote section" | "note area below a separator" | "note area"
    first: bool                # the first labelled line of its zone
    body: float                # the document's body text size
    linked: bool = False       # an internal link lands on its line
    twin_linked: bool = False  # a link lands on another line of its page with the same label
    other_kind_linked: bool = False  # links land on lines of its page, all labelled otherwise
    marked: bool | None = None  # a raised marker with its label in the body (None: not asked)
    contents: bool = False     # a third of its zone's lines have dot leaders (a table of contents)
    listing: bool = False      # one of 3+ lines numbered in a row, few with a marker, one of code
    features: list[tuple[str, float, str]] = field(default_factory=list)
    accepted: bool = False
    why: str = ""              # the sequence step that decided, once solved
    step: float = 0.0          # that step's score (solve.step)

    @property
    def label(self) -> str:
        return self.line.label

    @property
    def style(self) -> str:
        return self.line.label_style

    @functools.cached_property
    def number(self) -> int:
        """The label's value in the numbering (digits, roman numerals), or -1."""
        digits = self.label.translate(SUPERSCRIPT_DIGITS)   # "⁶" printed with superscript characters
        if digits.isdigit():
            return int(digits)
        return roman_value(self.label)   # "i", "v", "x" alone are letters (see symbol_or_letter)

    @property
    def has_text(self) -> bool:
        """Words follow the label (a bare label is a page number or a marker, never a note)."""
        return bool(re.search(r"\w", self.line.body_text))

    @property
    def score(self) -> float:
        return sum(s for _n, s, _r in self.features)


def label_style(c: Candidate) -> Score:
    """A raised label is the strongest sign; "12." is a note's label more often than "12 "."""
    return {"sup": (WEIGHTS["style.sup"], "raised label"), "dot": (WEIGHTS["style.dot"], "dotted label"),
            "full": (WEIGHTS["style.full"], "full-size label")}.get(c.style, (0.0, "label"))


def text_after(c: Candidate) -> Score:
    """Words after the label; a number after a full-size number is a table row ("1 573 298");
    punctuation after it is the text going on after a marker that opens a body line; a TeX
    command or a brace is a line of a numbered code listing."""
    body = c.line.body_text
    if not c.has_text:
        return WEIGHTS["text.none"], "nothing after the label"
    if body.lstrip()[:1] in _CLOSING:   # "⁷. The Special ...": a body line opening with a marker
        return WEIGHTS["text.closing"], "punctuation follows (a marker in the text)"
    if CODE_START.match(body.lstrip()):
        return WEIGHTS["text.code"], "code follows (a numbered listing?)"
    if LEADERS.search(body):
        return WEIGHTS["text.contents"], "dot leaders follow (a table of contents)"
    if _LEMMA.match(body.lstrip()):
        return WEIGHTS["text.apparatus"], "a lemma and ']' follow (a critical apparatus entry)"
    if _TEXT_START.match(body):
        return 0.0, "text follows"
    digits = sum(ch.isdigit() for ch in body[:40])
    if c.style == "full" and digits > 0.4 * len(body[:40].replace(" ", "")):
        return WEIGHTS["text.table"], "numbers follow (a table row?)"
    return WEIGHTS["text.number_full" if c.style == "full" else "text.number"], "a number follows"


def zone(c: Candidate) -> Score:
    """A separator rule or an endnote heading says notes follow. A page links land on is all
    zone, body too: there a raised label after text on its line is a marker, not a run-in note
    (run-in notes sit below a separator)."""
    if c.contents:
        return WEIGHTS["zone.contents"], "in a table of contents (dot leaders)"
    if c.listing:
        return WEIGHTS["zone.listing"], "a numbered line of a code listing (no markers, code)"
    if c.zone == "page that links land on" and c.line.run_in:
        return WEIGHTS["zone.run_in_linked_page"], "a raised label inside a line of a page links land on (a marker)"
    if c.zone in ("endnote section", "page that links land on"):
        return WEIGHTS["zone.endnotes"], f"in an {c.zone}" if c.zone[0] == "e" else f"on a {c.zone}"
    if c.zone == "note area below a separator":
        return WEIGHTS["zone.separator"], "below a separator"
    return 0.0, "in the small type at the foot"


def hanging(c: Candidate) -> Score:
    """A label that stands apart from its text (a tab, a hanging indent) is a note label."""
    spans = [s for s in c.line.spans if s.text.strip()]
    if len(spans) < 2 or spans[0].text.strip() != c.label:
        return 0.0, "label run into the text"
    gap = spans[1].bbox[0] - spans[0].bbox[2]
    if gap > 0.8 * c.line.size:
        return WEIGHTS["hanging"], "label set apart from its text"
    return 0.0, "label run into the text"


def size(c: Candidate) -> Score:
    """Notes are set smaller than the body; a line larger than the body is a heading."""
    if c.line.size >= 1.1 * c.body:
        return WEIGHTS["size.heading"], "set larger than the body (a heading)"
    if c.line.size >= 0.93 * c.body and c.zone not in ("endnote section", "page that links land on"):
        return WEIGHTS["size.body"], "set at body size"
    return 0.0, "set smaller than the body"


def link(c: Candidate) -> Score:
    """A link from the text lands on this line: the file says it is a note; it lands on
    another line with the same label on this page: that one is the note."""
    if c.linked:
        return WEIGHTS["link.here"], "a link from the text lands here"
    if c.twin_linked:   # "⁵ Member States ..." in the body of a page whose note 5 a link finds
        return WEIGHTS["link.twin"], f"a link lands on another {c.label!r} of this page"
    if c.other_kind_linked:   # "2010. The Special …" wrapped in a page of lettered notes
        return WEIGHTS["link.other_kind"], "links land on this page's notes, all labelled otherwise"
    return 0.0, "no link lands here"


def marker(c: Candidate) -> Score:
    """A raised marker with the label in the body text (of the note's page or the page before;
    for an endnote, anywhere before it): the text points at this note. None found: a line
    number, a numbered list or a table row is as likely."""
    if c.marked is None:
        return 0.0, "markers not looked for"
    if c.marked:
        return WEIGHTS["marker.found"], f"a raised {c.label!r} in the text"
    return WEIGHTS["marker.missing"], f"no raised {c.label!r} in the text"


def unlike_the_rest(cands: list[Candidate]) -> bool:
    """After a first choice of *cands*: when most chosen notes have a marker in the text (see
    MARKED_DOCUMENT), add to each line of a zone where no line has one that it is unlike the
    rest; whether any was (then the choice is made again)."""
    asked = [c for c in cands if c.accepted and c.marked is not None]
    marked = sum(1 for c in asked if c.marked)
    if len(asked) < MARKED_NOTES or marked < MARKED_DOCUMENT * len(asked):
        return False
    zones_marked = {(c.page, c.zone) for c in cands if c.marked}
    unlike = [c for c in cands if c.marked is False and (c.page, c.zone) not in zones_marked]
    for c in unlike:
        c.features.append(("document", WEIGHTS["marker.unlike_the_rest"],
                           f"{marked} of the {len(asked)} notes have a marker in the text; no line here has one"))
    return bool(unlike)


FEATURES: tuple[tuple[str, Callable[[Candidate], Score]], ...] = (
    ("style", label_style), ("text", text_after), ("zone", zone), ("hanging", hanging),
    ("size", size), ("link", link), ("marker", marker))


def mark_listings(cands: list[Candidate], run: int = 3) -> None:
    """Set ``listing`` on the lines of a numbered code listing among *cands* (one zone's, in
    order): *run* or more numbered one after another, at most half of them with a raised
    marker in the text (a listing's "1", "2" may meet the markers of notes 1, 2), one of code."""
    start = 0
    for i in range(1, len(cands) + 1):
        if i < len(cands) and cands[i].number == cands[i - 1].number + 1 >= 1:
            continue
        group = cands[start:i]
        if len(group) >= run and sum(1 for c in group if c.marked) <= len(group) / 2 and \
                any(CODE_START.match(c.line.body_text.lstrip()) for c in group):
            for c in group:
                c.listing = True
        start = i


def describe(c: Candidate) -> Candidate:
    """Fill in *c*'s features; return it."""
    c.features = [(name, *feature(c)) for name, feature in FEATURES]
    return c


def symbol_or_letter(c: Candidate, previous_label: str | None, previous_roman: int = 0) -> str:
    """Symbols and letters stand outside the numbering: why *c* opens a note, or "".
    "i", "v" and "x" may also be roman numerals, after "iv" or "ix" (*previous_roman*)."""
    if is_symbol(c.label):
        # in small type with no rule above it, a full-size symbol opening a line ("* makedoc.cfg"
        # in a log) needs a raised marker in the text, or to be raised or set apart itself
        if c.zone == "note area" and c.style != "sup" and not c.marked and hanging(c)[0] <= 0:
            return ""
        return f"symbol {c.label!r} starts a line in the {c.zone}"
    marked = c.style == "sup" or hanging(c)[0] > 0   # raised, or set apart by a tab
    if {"v": 4, "x": 9}.get(c.label) == previous_roman and marked:
        return f"roman numeral {c.label!r} follows {previous_roman} in the {c.zone}"
    letter_ok = previous_label is None or c.label == "a" or _letters_after(previous_label, c.label)
    if marked and c.zone == "note area below a separator" and letter_ok:
        return f"{'superscript' if c.style == 'sup' else 'hanging'} letter {c.label!r} in the {c.zone}"
    return ""


def _letters_after(previous: str, label: str) -> bool:
    """*label* is the next letter after *previous*, or one of the two after it (a letter we
    could not read, e.g. run into another note's line, must not reject the rest)."""
    if not (previous.isalpha() and len(label) == 1 and label.isalpha()):
        return False
    return 1 <= ord(label) - ord(previous[-1]) <= 3
