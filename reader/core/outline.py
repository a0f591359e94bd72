"""An outline generated from the page layout, for a document that has none (UN PDFs).

A heading is a short line set apart by its type: larger than the body text, or bold
throughout, or an "Annex" / "Appendix" line. Lines repeated on many pages (running heads,
the symbol at the top of every UN page) are not headings; a heading that runs over two or
three lines of one block is one entry. Levels come from the heading's type: the largest
type is level 1, the next level 2, and so on (bold at body size after the larger ones).

Qt-free; it reads the blocks ``page.get_text("dict")`` gives, which the prepared record
already reads once per page (``record.make``), so the window gets the headings from the
record made in a child; :func:`generate` reads a document itself (benchmarks, tests). Measured against the real outlines of PDFs that have
one in ``benchmarks/outline_measure.py`` (docs/MEASUREMENTS.md).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.document import OutlineEntry

if TYPE_CHECKING:
    from reader.core.document import Document

# -- thresholds (all of them) ---------------------------------------------------------------
#: A line this much larger than the body text is a heading by its size (LaTeX's \subsection
#: is 1.2x the body, Word's Heading 3 1.08x at 12 pt, UN headings 1.2x; footnote-size text is smaller).
SIZE_RATIO = 1.08
#: Sizes closer than this (points) are one type: PDF producers round 12 pt to 12.1 or 11.96.
SIZE_STEP = 0.5
#: A heading line is at most this many characters (a longer line is a paragraph set large or bold).
MAX_CHARS = 160
#: ... and at most this many lines of one block (a bold paragraph has more).
MAX_LINES = 3
#: A line whose text (digits left out) recurs on this share of the pages is a running head.
RUNNING_SHARE = 0.3
#: ... when the document has at least this many pages (two pages are too few to tell).
RUNNING_MIN_PAGES = 3
#: ... at one height, give or take this many points, when only its numbers change.
RUNNING_Y = 3.0
#: A heading line this close under the last one (in its font size) continues it.
MERGE_GAP = 1.6
#: At most this many levels (the outline tree stays readable).
MAX_LEVEL = 4
#: A span is bold when its font says so or MuPDF's bold flag (16) is set.
BOLD_FLAG = 16
#: Generated headings kept at most (a table of bold cells must not flood the panel).
MAX_HEADINGS = 2000

#: A line that is a heading whatever its type: "Annex", "Annex II", "Appendix A", "Enclosure".
_NAMED = re.compile(r"^(annex|appendix|enclosure|attachment)(\s+[IVXLC\d]+|\s+[A-Z])?\.?$", re.I)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_LETTER = re.compile(r"[^\W\d_]")
#: A bold line that ends like this goes on into the next (a bold lead-in, not a heading).
_RUNS_ON = (",", ";", "-", "–", "—", "(")


@dataclass(frozen=True)
class StyledLine:
    """One line of a page as the generator weighs it (points, page space)."""
    page: int
    y: float          # top of the line
    text: str
    size: float       # character-weighted font size
    bold: bool        # bold throughout (spaces aside)
    block: int        # the block it belongs to on its page
    lines_in_block: int


def page_lines(page: int, blocks: list[dict]) -> list[StyledLine]:
    """The lines of *page* from its ``get_text("dict")`` *blocks*, with their type."""
    found = []
    for number, block in enumerate(blocks):
        lines = [ln for ln in block.get("lines", ()) if any(s.get("text", "").strip() for s in ln.get("spans", ()))]
        for line in lines:
            if line.get("dir", (1, 0))[0] < 0.9:
                continue   # vertical text (a margin stamp) is never a heading
            spans = [s for s in line["spans"] if s.get("text", "").strip()]
            chars = sum(len(s["text"].strip()) for s in spans)
            size = sum(s["size"] * len(s["text"].strip()) for s in spans) / chars
            bold = all(s.get("flags", 0) & BOLD_FLAG or _BOLD_FONT.search(s.get("font", "")) for s in spans)
            text = " ".join("".join(s["text"] for s in line["spans"]).split())
            found.append(StyledLine(page, float(line["bbox"][1]), text, round(size, 1), bool(bold),
                                    number, len(lines)))
    return found


def headings(lines: Iterable[StyledLine], page_count: int) -> list[OutlineEntry]:
    """The outline the *lines* of a document's pages suggest (empty when nothing stands out)."""
    lines = list(lines)
    if not lines:
        return []
    body = body_size(lines)
    running = _running_heads(lines, page_count, body)
    picked = [ln for ln in lines if _key(ln.text) not in running and _is_heading(ln, body)]
    merged = _merge(picked)
    styles = sorted({_style(h[0], body) for h in merged}, reverse=True)
    entries = [OutlineEntry(min(MAX_LEVEL, styles.index(_style(first, body)) + 1), text, first.page, first.y)
               for first, text in merged]
    return entries[:MAX_HEADINGS]


def generate(doc: Document) -> list[OutlineEntry]:
    """Read every page of *doc* and return its generated outline (benchmarks and tests;
    the window takes it from the prepared record, made in a child)."""
    from reader.core.document import MUPDF_ERRORS, page_text_dict
    from reader.core.errors import PageError
    lines: list[StyledLine] = []
    for index in range(doc.page_count):
        try:
            lines += page_lines(index, page_text_dict(doc.pdf[index])["blocks"])
        except (PageError, *MUPDF_ERRORS):
            continue   # an unreadable page has no headings
    return headings(lines, doc.page_count)


def body_size(lines: list[StyledLine]) -> float:
    """The size most of the text is set in (character-weighted)."""
    weights: Counter = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0]


def _key(text: str) -> str:
    return re.sub(r"[\d\s]+", " ", text.lower()).strip()


def _running_heads(lines: list[StyledLine], page_count: int, body: float) -> set[str]:
    """The keys of lines printed on RUNNING_SHARE of the pages: the same text, or the same
    text but its numbers at one height at most body size ("Page 3", "A/78/636 5"). Headings
    that differ by their number ("Part 1", "Part 2") at other heights or set large stay."""
    if page_count < RUNNING_MIN_PAGES:
        return set()
    enough = max(2, RUNNING_SHARE * page_count)
    exact: dict[str, set[int]] = {}
    by_key: dict[str, list[StyledLine]] = {}
    for line in lines:
        exact.setdefault(line.text, set()).add(line.page)
        by_key.setdefault(_key(line.text), []).append(line)
    running = {_key(text) for text, pages in exact.items() if len(pages) >= enough}
    for key, same in by_key.items():
        if (len({ln.page for ln in same}) >= enough and max(ln.y for ln in same) - min(ln.y for ln in same) <= RUNNING_Y
                and all(ln.size < body * SIZE_RATIO for ln in same)):
            running.add(key)
    return running


def _is_heading(line: StyledLine, body: float) -> bool:
    text = line.text
    if not _LETTER.search(text) or len(text) > MAX_CHARS:
        return False
    if _NAMED.match(text):
        return True
    if text.endswith(_RUNS_ON):
        return False
    return line.size >= body * SIZE_RATIO or (line.bold and line.size >= body * 0.97)


def _style(line: StyledLine, body: float) -> tuple[float, bool]:
    """A heading's type, ordered so that the larger (then the bold) sorts first."""
    if _NAMED.match(line.text) and line.size < body * SIZE_RATIO and not line.bold:
        return (_rounded(body), True)      # a plain "Annex" line ranks with the bold headings
    return (_rounded(line.size), line.bold)


def _rounded(size: float) -> float:
    """Sizes that differ by less than SIZE_STEP are one type (12.1 and 12.0 pt)."""
    return round(size / SIZE_STEP) * SIZE_STEP


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) < SIZE_STEP


def _merge(picked: list[StyledLine]) -> list[tuple[StyledLine, str]]:
    """Consecutive heading lines of one type, each right under the last, are one heading;
    a run of more than MAX_LINES lines is a paragraph set apart, not a heading."""
    runs: list[list[StyledLine]] = []
    for line in picked:
        last = runs[-1][-1] if runs else None
        if (last is not None and line.page == last.page and 0 < line.y - last.y <= MERGE_GAP * line.size
                and _same_size(line.size, last.size) and line.bold == last.bold and not _NAMED.match(last.text)):
            runs[-1].append(line)
        else:
            runs.append([line])
    return [(run[0], " ".join(ln.text for ln in run)) for run in runs if len(run) <= MAX_LINES]
