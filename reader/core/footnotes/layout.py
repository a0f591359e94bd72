"""Notes found from the page layout alone: the note area at a page foot, and endnote sections.

A note area is the run of lines at the bottom of a column that are set smaller than the
body text (or that follow a separator: a short rule or a line of underscores). Inside it a
line that starts with a label opens a note; other lines continue the open note, also across
pages. Labels must keep their sequence (1, 2, 3 ...; symbols anywhere), so a line that
merely starts with a number ("2005 WL 119835") stays a continuation.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.footnotes import features, solve
from reader.core.footnotes.lines import Line, split_at_labels
from reader.core.footnotes.text import roman_value

# "Notes", "Endnotes to §§ 5-6", "Notes to Chapter 3", "3 Notes"; not "Notes on the practice of ..."
_ENDNOTE_HEADING = re.compile(r"^(?:[\dIVX]+\.?\s+)?(?:end\s*notes|notes)(?:$|\s+(?:to|for|of chapter)\b|\s*[\d(\u2013:-])",
                              re.I)
_BARE_HEADING = re.compile(r"^(?:end\s*notes|notes)$", re.I)
_NOT_NOTES_HEADING = re.compile(r"^(?:\d+\.?\s*)?(?:references|bibliography|works cited|literature|sources)$", re.I)
_UNDERSCORES = re.compile(r"^[_\u2014\u2015\u2500-]{6,}$")
SMALL = 0.93   # a note line is smaller than this share of the body size
#: Lines of a two-column page fill their column: most of their text (COLUMN_TEXT, measured
#: as width) is in lines that reach this share of the column (justified or ragged); the
#: cells of a table are as narrow but far shorter.
COLUMN_FILL = 0.6
COLUMN_TEXT = 0.5


@dataclass
class Draft:
    """A note while it is being collected, line by line, page by page."""
    label: str
    kind: str
    reason: str
    parts: list[tuple[int, Line]] = field(default_factory=list)   # (page, line)
    evidence: float = 0.0   # the opening line's feature score plus its sequence step's

    @property
    def page(self) -> int:
        return self.parts[0][0]


@dataclass
class State:
    body_size: float
    fresh: bool = False           # an endnote section just ended: no note carries over
    last_letter: str | None = None   # the last lettered note accepted (a second series)
    last_roman: int = -1             # the value of the last roman-numeral note accepted
    #: columns that may hold notes at body size: (page, lines, rules), see pdf.body_size_notes
    body_size_columns: list = field(default_factory=list)
    endnotes: bool = False        # inside an endnote section
    notes: list[Draft] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    candidates: list = field(default_factory=list)   # every features.Candidate, once solved
    linked: set[int] = field(default_factory=set)    # ids of lines an internal link lands on
    rules: list = field(default_factory=list)   # each page's lone horizontal rules (pdf.page_rules)
    #: marked(label, page, endnote) -> a raised marker with *label* in the body text (see pdf.py)
    marked: Callable[[str, int, bool], bool] | None = None


def columns(lines: list[Line], width: float) -> list[list[Line]]:
    """One list per column: two when most lines are narrow and sit on both halves of the
    text (the middle of the text is not the middle of the page when the margins differ)."""
    mid = (min((ln.x0 for ln in lines), default=0.0) + width) / 2
    narrow = [ln for ln in lines if ln.bbox[2] - ln.x0 < 0.45 * width]
    left = [ln for ln in narrow if ln.bbox[2] < mid + 10]
    right = [ln for ln in narrow if ln.x0 > mid - 10]
    if len(left) < 5 or len(right) < 5 or len(narrow) < 0.6 * len(lines):
        return [lines]
    widths = [ln.bbox[2] - ln.x0 for ln in narrow]
    column = (width - min(ln.x0 for ln in lines)) / 2
    if sum(w for w in widths if w >= COLUMN_FILL * column) < COLUMN_TEXT * sum(widths):
        return [lines]   # a table's cells, not columns of text
    return [[ln for ln in lines if (ln.x0 + ln.bbox[2]) / 2 < mid or ln.bbox[2] - ln.x0 > 0.55 * width],
            [ln for ln in lines if (ln.x0 + ln.bbox[2]) / 2 >= mid and ln.bbox[2] - ln.x0 <= 0.55 * width]]


def note_area(lines: list[Line], state: State,
              rules: Callable[[], list[tuple[float, bool]]]) -> tuple[list[Line], str]:
    """The note lines at the foot of a column, and what marks them off from the body.

    "rule": a short rule or a line of underscores (a footnote separator); "long-rule": one
    full-width rule (LaTeX's rule above a note continued from the page before); "" none.
    """
    lines = _without_margin(_without_footer(lines, state), state.body_size)
    found = _under_underscores(lines, state)
    if found is not None:
        return found, "rule"
    if not lines:
        return [], ""
    note_size = lines[-1].size
    # the small lines at the foot: as small as the last one, or (when that one is small) any
    # size below the body's (a note in a monospaced URL font is smaller than its neighbours)
    reach = max(note_size + 0.5, SMALL * state.body_size - 0.01 if note_size < SMALL * state.body_size else 0.0)
    i = len(lines)
    while i > 0 and lines[i - 1].size <= reach:
        i -= 1
    area = lines[i:]
    if i and _NOT_NOTES_HEADING.match(lines[i - 1].text.strip()):
        return [], ""
    top = lines[i - 1].y1 if i else 0.0
    ruled: list[tuple[float, bool]] | None = None   # the column's rules, read once when needed
    if note_size >= SMALL * min(_weighted_size(lines[:i], state.body_size), state.body_size):
        # small lines under a separator stay notes though the page above is in smaller type
        # still (a table) or as small (a section set small)
        if note_size < SMALL * state.body_size:
            ruled = rules()
        if ruled is None or not _under_a_separator(area, ruled, top):
            # perhaps notes at body size under a rule: decided for the whole document later
            # (reading the drawings of every page with a numbered paragraph would cost too much)
            return [], ("body-size?" if _labelled_below_middle(lines) else "")
    ruled = rules() if ruled is None else ruled
    found = [short for y, short in ruled if top - 2 <= y <= _text_top(area[0])]
    if any(found):   # the small lines start under a separator: rules further down divide series
        return area, "rule"   # (two note series, or notes above a critical apparatus): see series()
    k = _cut_at_rule(area, ruled)   # a separator inside the small lines cuts them
    if k:
        return area[k:], "rule"
    if not found and not i and not any(ln.label_style == "sup" for ln in area):
        return [], ""   # a page all in small type (an annex, a list) with no sign of notes
    return area, ("long-rule" if found else "")   # (a short rule returned above)


#: A line counts toward the column's text when it is at least this share of the widest line's
#: width; most of them start at the column's left edge (their most common start, in points:
#: a margin label that MuPDF joined to its text starts further left).
TEXT_LINE = 0.5


def _without_margin(lines: list[Line], body: float) -> list[Line]:
    """*lines* less those in the left margin, at text size and without a note label: ltxdoc's
    macro names beside their description ("\\XKV@cc*+"). Set on the baselines of the text
    beside them, the last one would count as the column's last line and hide a note above it.
    A small line is kept wherever it starts (a note's, or its label hanging out)."""
    if len(lines) < 3:
        return lines
    widest = max(ln.bbox[2] - ln.x0 for ln in lines)
    starts = Counter(round(ln.x0) for ln in lines if ln.bbox[2] - ln.x0 >= TEXT_LINE * widest)
    edge = starts.most_common(1)[0][0]
    return [ln for ln in lines if not (ln.bbox[2] < edge and ln.size >= SMALL * body and not ln.label)]


#: A footer under the notes stands apart: its baseline is more than this many times its size
#: below the line before it (a line of text follows at about 1.2).
FOOTER_STEP = 2.0


def _without_footer(lines: list[Line], state: State) -> list[Line]:
    """*lines* less furniture, and less a footer line at text size set apart below small
    lines ("2 / PREPRINT FOR REVIEW" on the only page of a cut that carries it)."""
    lines = [ln for ln in lines if not ln.furniture]
    if len(lines) > 2:
        last, before = lines[-1], lines[-2]
        if last.size >= SMALL * state.body_size > before.size and \
                last.base - before.base > FOOTER_STEP * last.size:
            return lines[:-1]
    return lines


def _under_a_separator(area: list[Line], ruled: list[tuple[float, bool]], top: float) -> bool:
    """Whether a short rule (a footnote separator) stands right above *area* (below *top*),
    or inside it right above a labelled line."""
    if any(short and top - 2 <= y <= _text_top(area[0]) for y, short in ruled):
        return True
    k = _cut_at_rule(area, ruled)
    return bool(k) and bool(area[k].label)


def _cut_at_rule(area: list[Line], ruled: list[tuple[float, bool]]) -> int | None:
    """The index of the lowest line of *area* that a short rule stands right above."""
    for k in range(len(area) - 1, 0, -1):
        if any(short and area[k - 1].y1 - 2 <= y <= _text_top(area[k]) for y, short in ruled):
            return k
    return None


#: A rule above a line stands above its glyphs' tops: its baseline less this share of its size
#: (MuPDF's line box reaches up to the font's ascender, which may pass the rule).
RULE_CLEAR = 0.6


def _text_top(line: Line) -> float:
    return max(line.y0 + 1, line.base - RULE_CLEAR * line.size)


def _labelled_below_middle(lines: list[Line]) -> bool:
    middle = (lines[0].y0 + lines[-1].y1) / 2
    return any(ln.label and ln.y0 > middle for ln in lines)


def under_short_rule(lines: list[Line], rules: Callable[[], list[tuple[float, bool]]]) -> list[Line]:
    """Notes set at body size (LaTeX's ``\\normalsize`` notes, some Word styles): the lines
    under the lowest short rule of the column's lower half, when a labelled line follows it."""
    lines = [ln for ln in lines if not ln.furniture]
    if not lines:
        return []
    top, bottom = lines[0].y0, lines[-1].y1
    lower = [k for k, ln in enumerate(lines) if ln.label and ln.y0 > (top + bottom) / 2]
    if not lower:
        return []
    for y, short in sorted(rules(), reverse=True):
        if not short or y < (top + bottom) / 2:
            continue
        below = [k for k, ln in enumerate(lines) if ln.y0 >= y - 1]
        if below and lines[below[0]].label and below[0] in lower:
            return lines[below[0]:]
    return []


def _under_underscores(lines: list[Line], state: State) -> list[Line] | None:
    """The lines under a line of underscores, when they are smaller than the text above."""
    for i in range(len(lines) - 1, -1, -1):
        if is_separator(lines[i]):
            area = _drop_footer(lines[i + 1:], state)
            body = _weighted_size(lines[:i], state.body_size)
            if any(ln.size < SMALL * body for ln in area):
                return area
            return None   # underscores in the body (a signature line), not a note separator
    return None


def is_separator(line: Line) -> bool:
    """A line of underscores or dashes that Word and others print above the notes."""
    return bool(_UNDERSCORES.match(line.text.strip()))   # "------   -----" is a table's rule


def _weighted_size(lines: list[Line], default: float) -> float:
    """The size most characters of *lines* are set in (*default* when there are none)."""
    weights: dict[float, int] = {}
    for line in lines:
        weights[line.size] = weights.get(line.size, 0) + len(line.text)
    return max(weights, key=weights.get) if weights else default


def _drop_footer(area: list[Line], state: State) -> list[Line]:
    """Leave out body-size lines after the last small line (a footer the page repeats not)."""
    small = [i for i, ln in enumerate(area) if ln.size < SMALL * state.body_size]
    return area[:small[-1] + 1] if small else area


@dataclass
class Zone:
    """The lines of one note area (or endnote page part), as cut at raised labels."""
    page: int
    pieces: list[tuple[Line, Line]]   # (printed line, piece of it)
    separator: str
    endnotes: bool
    fresh: bool = False               # an endnote section ended before it: nothing carries over

    @property
    def name(self) -> str:
        if self.separator == "link":
            return "page that links land on"
        if self.endnotes:
            return "endnote section"
        return "note area below a separator" if self.separator == "rule" else "note area"


def collect(page: int, area: list[Line], separator: str, state: State,
            rules: Callable[[], list[tuple[float, bool]]] | None = None) -> None:
    """Keep the lines of a note area for :func:`solve_notes` (which decides after the last page);
    short *rules* inside it divide it into zones of their own (see :func:`series`)."""
    for part in series(area, rules) if rules is not None and separator == "rule" else [area]:
        pieces = [(whole, piece) for whole in part for piece in split_at_labels(whole)]
        state.zones.append(Zone(page, pieces, separator, state.endnotes, state.fresh))
        state.fresh = False


def series(area: list[Line], rules: Callable[[], list[tuple[float, bool]]]) -> list[list[Line]]:
    """A note area cut at the short rules inside it: each note series (bigfoot's, manyfoot's,
    reledmac's critical apparatus) under its own rule; a note never runs on across one."""
    ys = sorted(y for y, short in rules() if short)
    parts: list[list[Line]] = [[]]
    for k, line in enumerate(area):
        if k and parts[-1] and any(area[k - 1].y1 - 2 <= y <= line.y0 + 1 for y in ys):
            parts.append([])
        parts[-1].append(line)
    return parts


def candidates(state: State) -> list[features.Candidate]:
    """Every labelled line of every zone, described by its features, in reading order."""
    found = []
    for zone in state.zones:
        first = True
        wholes = {id(whole): whole for whole, _piece in zone.pieces}.values()
        contents = sum(1 for w in wholes if features.LEADERS.search(w.text)) >= max(2, len(wholes) / 3)
        for whole, piece in zone.pieces:
            if piece.label:
                linked = id(whole) in state.linked and piece.x0 <= whole.x0 + 0.5   # the line's first piece
                found.append(features.Candidate(zone.page, piece, zone.name, first, state.body_size, linked,
                                                contents=contents))
                first = False
    linked_labels = {(c.page, c.label) for c in found if c.linked}
    kinds: dict[int, list[bool]] = {}   # page -> for each line a link lands on: numbered?
    for c in found:
        if c.linked:
            kinds.setdefault(c.page, []).append(c.label.isdigit())
    for c in found:
        if state.marked is not None:
            c.marked = state.marked(c.label, c.page, c.zone == "endnote section")
    for _key, group in itertools.groupby(found, key=lambda c: (c.page, c.zone)):
        features.mark_listings([c for c in group if c.number >= 0])
    for c in found:
        c.twin_linked = not c.linked and (c.page, c.label) in linked_labels
        landed = kinds.get(c.page, [])
        c.other_kind_linked = not c.linked and len(landed) >= 2 and c.label.isdigit() not in landed
    return [features.describe(c) for c in found]


def solve_notes(state: State) -> dict[int, set[int]]:
    """Choose the notes of the whole document and collect their lines; return the ids of
    the note lines of each page."""
    cands = candidates(state)
    # footnotes and endnotes are numbered each on its own: a page of endnotes may carry the
    # footnotes of that page at its foot ("13" after endnote 6)
    footnotes = [c for c in cands if c.number >= 0 and c.zone != "endnote section"]
    solve.choose(footnotes)
    if features.unlike_the_rest(footnotes):   # what the chosen notes share speaks for each line
        for c in footnotes:
            c.accepted = False
        solve.choose(footnotes)
    solve.choose([c for c in cands if c.number >= 0 and c.zone == "endnote section"])
    state.candidates = cands
    by_piece = {id(c.line): c for c in cands}
    used: dict[int, set[int]] = {}
    open_notes: dict[bool, Draft | None] = {False: None, True: None}   # the open footnote, endnote
    for zone in state.zones:
        if zone.fresh:
            open_notes = {False: None, True: None}
        open_notes[zone.endnotes] = _build(zone, by_piece, open_notes[zone.endnotes], state,
                                           used.setdefault(zone.page, set()))
    return used


def _build(zone: Zone, by_piece: dict, carried: Draft | None, state: State, used: set[int]) -> Draft | None:
    """Turn a zone's pieces into notes and continuations; return the note left open."""
    if carried is not None and carried.parts[-1][0] != zone.page - 1:
        carried = None
    lead: list[tuple[Line, Line]] = []
    prev: Draft | None = None
    for whole, piece in zone.pieces:
        cand = by_piece.get(id(piece))
        reason = _opens(cand, state.last_letter, state.last_roman) if cand is not None else ""
        if reason:
            prev = Draft(piece.label, "endnote" if zone.endnotes else "footnote", reason, [(zone.page, piece)],
                         cand.score + cand.step)
            state.notes.append(prev)
            cand.accepted = True
            if piece.label.isalpha():   # a letter, or a roman numeral ("v" after "iv")
                roman = {"v": 5, "x": 10}.get(piece.label) if state.last_roman in (4, 9) else None
                state.last_roman = roman or roman_value(piece.label)
                if len(piece.label) == 1 and roman is None:
                    state.last_letter = piece.label
        elif prev is None:
            lead.append((whole, piece))
            continue
        else:
            prev.parts.append((zone.page, piece))
        used.add(id(whole))
    if lead and carried is not None and (zone.separator or prev is not None):
        carried.parts.extend((zone.page, piece) for _whole, piece in lead)
        used |= {id(whole) for whole, _piece in lead}
    return prev or carried


def _opens(cand: features.Candidate, last_letter: str | None, last_roman: int) -> str:
    """Why *cand* opens a note ("" when it does not): the solved numbering, its symbol, or
    its place in the series of lettered notes (bigfoot's and manyfoot's second series)."""
    if cand.number < 0:
        if not cand.has_text or features.text_after(cand)[0] <= features.WEIGHTS["text.closing"]:
            return ""   # nothing, or punctuation or an operator after a symbol ("∗ = ∂C∗"): no note
        reason = features.symbol_or_letter(cand, last_letter, last_roman)
        if not reason and cand.linked and cand.score > 0:   # "N1": a label only the link vouches for
            reason = f"label {cand.label!r} that a link from the text lands on, in the {cand.zone}"
        cand.why = reason or "a letter outside the numbering"
        return reason
    if not cand.accepted:
        return ""
    strongest = max(cand.features, key=lambda f: f[1])[2]
    return f"{_style(cand.style)} label {cand.label} {cand.why} in the {cand.zone} ({strongest})"


def _style(style: str) -> str:
    return {"sup": "superscript", "dot": "dotted", "full": "full-size"}[style]


def endnote_start(lines: list[Line], state: State) -> int | None:
    """Index of the line after an endnote heading ("Notes", "Endnotes to §§ 5-6"), if any."""
    for i, line in enumerate(lines):
        text = line.text.strip()
        big = line.size >= 1.05 * state.body_size and len(text) < 60 and _ENDNOTE_HEADING.match(text)
        plain = line.size >= 0.95 * state.body_size and _BARE_HEADING.match(text)   # bold "Notes"
        if big or plain:
            after = [ln for ln in lines[i + 1:] if ln.size < 1.05 * state.body_size]
            if after and after[0].label and after[0].label_style in ("dot", "sup", "full"):
                return i + 1
    return None


def endnote_lines(lines: list[Line], state: State) -> tuple[list[Line], list[Line] | None]:
    """The lines of an endnote page that can hold notes (headings left out), and the lines
    after the section ends (a heading followed by running text, not by a note), or None."""
    kept = []
    for i, line in enumerate(lines):
        if line.furniture:
            continue
        if line.size < 1.05 * state.body_size:
            kept.append(line)
            continue
        after = next((ln for ln in lines[i + 1:] if not ln.furniture and ln.size < 1.05 * state.body_size), None)
        if after is not None and not after.label and not _ENDNOTE_HEADING.match(line.text.strip()):
            return kept, lines[i:]   # a new chapter: the endnotes are over
    return kept, None
