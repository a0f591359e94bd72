"""Markers in the body of a PDF page: raised labels, link annotations, literal symbols.

Then each note gets its markers: a footnote takes the markers with its label on its own
page (or the page before), an endnote the first unclaimed markers with its label anywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pymupdf

from reader.core.footnotes.lines import Line, is_marker_span, is_raised
from reader.core.footnotes.text import consecutive_run, label_key, split_labels

Rect = tuple[float, float, float, float]


@dataclass
class Candidate:
    label: str
    page: int
    rect: Rect
    how: str              # "superscript" | "link" | "symbol"
    target: int = -1      # the page a link points to
    claimed: bool = False


def raised_markers(page: int, lines: list[Line], skip: set[int]) -> list[Candidate]:
    """Superscript labels in the lines of *page* that are not note lines (ids in *skip*)."""
    found = []
    for line in lines:
        if id(line) in skip:
            continue
        before = None
        sup_chars = _SUP_RUN.search(line.text) is not None
        for span in line.spans:
            text = span.text.strip()
            if len(text) <= 24 and is_marker_span(span, before, line):
                labels = split_labels(text) or ([text] if consecutive_run(text) else [])
                for label in labels:   # a long glued run ("101112") is kept whole for Pool.glued
                    found.append(Candidate(label, page, _round(span.bbox), "superscript"))
            elif sup_chars and _SUP_RUN.search(span.text):
                first = span is next((s for s in line.spans if s.text.strip()), None)
                found.extend(_superscript_characters(page, span, first))
            before = span
    return found


#: Superscript digits printed as characters ("claim.¹²"), inside a span of ordinary text.
_SUP_RUN = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+")


def _superscript_characters(page: int, span, opens_line: bool) -> list[Candidate]:
    """Markers printed with superscript characters after a word, each with its share of the
    span's rectangle; a run that opens its line is a note's own label, not a marker."""
    found = []
    for m in _SUP_RUN.finditer(span.text):
        if opens_line and not span.text[:m.start()].strip():
            continue
        rect = _share(span.bbox, span.text, [span.text[:m.start()], m.group()], 1)
        for label in split_labels(m.group()) or []:
            found.append(Candidate(label, page, rect, "superscript"))
    return found


def in_notes(page: int, lines: list[Line], notes: set[int], label: str) -> list[Candidate]:
    """A raised *label* inside the text of a note line (bigfoot's notes on notes), not the
    label that opens the line."""
    found = []
    for line in lines:
        if id(line) not in notes:
            continue
        texts = [s for s in line.spans if s.text.strip()]
        for span in texts[1:]:
            if span.text.strip() == label and is_raised(span, line):
                found.append(Candidate(label, page, _round(span.bbox), "superscript in a note"))
    return found


def link_markers(page: int, links: list[dict], lines: list[Line], skip: set[int]) -> list[Candidate]:
    """Internal links (GoTo, named destinations) of *page* whose text is a note label."""
    found = []
    for link in links[:5000]:
        if link.get("kind") not in (pymupdf.LINK_GOTO, pymupdf.LINK_NAMED) or link.get("page", -1) < 0:
            continue
        rect = pymupdf.Rect(link["from"])
        text, in_note = text_in(rect, lines, skip)
        if in_note:
            continue  # a cross-reference inside a note ("see n. 31"), not a marker
        custom = [text.strip()] if re.fullmatch(r"[A-Za-z]{1,3}\d{1,3}|\d{1,3}[a-z]", text.strip()) else []
        for label in split_labels(text) or custom:   # "N1": a custom label (\endnote[N1])
            found.append(Candidate(label, page, _round(tuple(rect)), "link", link["page"]))
    return found


def text_in(rect: pymupdf.Rect, lines: list[Line], skip: set[int]) -> tuple[str, bool]:
    """The text under *rect* in *lines*, and whether any of it is in a note line (*skip*)."""
    parts, in_note = [], False
    for line in lines:
        if line.y1 < rect.y0 or line.y0 > rect.y1:
            continue
        for span in line.spans:
            cy = (span.bbox[1] + span.bbox[3]) / 2
            if not rect.y0 - 1 <= cy <= rect.y1 + 1 or span.bbox[2] < rect.x0 or span.bbox[0] > rect.x1:
                continue
            # the characters whose share of the span's width falls in the link ("1,2" has two links)
            step = (span.bbox[2] - span.bbox[0]) / max(len(span.text), 1)
            inside = [ch for i, ch in enumerate(span.text)
                      if rect.x0 <= span.bbox[0] + step * (i + 0.5) <= rect.x1]
            if inside:
                parts.append("".join(inside))
                in_note = in_note or id(line) in skip
    return " ".join(p.strip() for p in parts), in_note


def symbol_markers(page: int, lines: list[Line], skip: set[int], label: str) -> list[Candidate]:
    """A symbol printed at full size in the body ("Iraq:*,**"): its span, found literally."""
    found = []
    for line in lines:
        if id(line) in skip or line.furniture:
            continue
        previous = ""
        for span in line.spans:
            text = label_key(span.text)
            for i in range(len(text) - len(label) + 1):
                if text[i:i + len(label)] != label:
                    continue
                before = text[i - 1] if i else previous[-1:]
                after = text[i + len(label)] if i + len(label) < len(text) else ""
                # attached to the word before it ("Iraq:*"), not a bullet or a barcode
                if before.strip() and before != label[0] and after != label[0] and not after.isalnum():
                    found.append(Candidate(label, page, _round(span.bbox), "symbol"))
            previous = text
    return found


def _share(rect: Rect, text: str, run: list[str], index: int) -> Rect:
    step = (rect[2] - rect[0]) / max(len(text), 1)
    start = sum(len(r) for r in run[:index])
    return _round((rect[0] + step * start, rect[1], rect[0] + step * (start + len(run[index])), rect[3]))


def _round(rect) -> Rect:
    return tuple(round(float(v), 2) for v in rect)


def overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] + 1 and b[0] < a[2] + 1 and a[1] < b[3] + 1 and b[1] < a[3] + 1


class Pool:
    """Raised markers per page, found only for the pages a note asks about.

    A page full of superscripts and no notes (or a long book with few notes) costs
    nothing beyond reading its text.
    """

    def __init__(self, pages: list[list[Line]], areas: list[set[int]],
                 raised: dict[int, list[tuple[int, Candidate]]] | None = None) -> None:
        self.pages = pages
        self.areas = areas
        #: each page's raised labels with the id of their line, read once and shared by the
        #: pools of one analysis (the one that weighs note lines, the one that assigns markers)
        self.raised = {} if raised is None else raised
        self._by_page: dict[int, dict[str, list[Candidate]]] = {}
        self._glued_taken: set[tuple[int, str]] = set()

    def on(self, label: str, page: int) -> list[Candidate]:
        if not 0 <= page < len(self.pages):
            return []
        if page not in self._by_page:
            if page not in self.raised:
                self.raised[page] = [(id(line), cand) for line in self.pages[page]
                                     for cand in raised_markers(page, [line], set())]
            found: dict[str, list[Candidate]] = {}
            skip = self.areas[page]
            for line_id, cand in self.raised[page]:
                if line_id not in skip:
                    found.setdefault(label_key(cand.label), []).append(cand)
            self._by_page[page] = found
        return self._by_page[page].get(label_key(label), [])

    def footnote_markers(self, label: str, page: int, glued: bool = False) -> list[Candidate]:
        """Unclaimed markers with *label* on *page*, else on the page before; with *glued*,
        a share of a glued run (see glued) on a page before any marker on the page before it."""
        for where in (page, page - 1):
            got = [c for c in self.on(label, where) if not c.claimed]
            if not got and glued:
                got = self.glued(label, where)
            if got:
                return got
        return []

    def glued(self, label: str, where: int) -> list[Candidate]:
        """*label* inside a raised run of consecutive numbers printed without commas
        ("123" for notes 1, 2, 3 on one word) on page *where*; the marker's rectangle is the
        label's share of the run."""
        if 0 <= where < len(self.pages):
            self.on(label, where)
            key = label_key(label)   # "¹¹" inside "¹¹¹²" (superscript characters) as "11" in "1112"
            for cands in self._by_page[where].values():
                for cand in cands:
                    run = consecutive_run(label_key(cand.label))
                    if key in run and (id(cand), key) not in self._glued_taken:
                        self._glued_taken.add((id(cand), key))   # the next "1" takes the next "123"
                        rect = _share(cand.rect, cand.label, run, run.index(key))
                        return [Candidate(label, where, rect, "glued superscript")]
        return []

    def has_glued(self, label: str, page: int) -> bool:
        """Whether *label* is inside a raised run of consecutive numbers on *page* (see glued)."""
        if not 0 <= page < len(self.pages):
            return False
        self.on(label, page)
        key = label_key(label)
        return any(key in consecutive_run(label_key(c.label)) for cands in self._by_page[page].values()
                   for c in cands if len(c.label) > len(label))

    def endnote_marker(self, label: str, before_page: int) -> list[Candidate]:
        """The first unclaimed marker with *label* on a page up to *before_page*."""
        for page in range(0, min(before_page, len(self.pages) - 1) + 1):
            for cand in self.on(label, page):
                if not cand.claimed:
                    return [cand]
        return []
