"""The layout engine for paged documents (PDF, XPS, and EPUB pages as MuPDF lays them out).

Two passes: first every page's lines and links are read (this is where the time goes, and
where progress is reported); then note areas are found with document-wide facts (the body
text size, running headers and footers), and markers are matched to notes.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable

import pymupdf
from pymupdf import mupdf

from reader.core.citations.urls import find_urls, rejoin
from reader.core.errors import ReaderError
from reader.core.footnotes import layout, markers
from reader.core.footnotes.lines import Line, dominant_size, page_blocks, page_lines, signature, split_at_labels
from reader.core.footnotes.model import Footnote, Marker, Ticker
from reader.core.footnotes.text import consecutive_run, is_symbol, join_lines, label_key, split_labels

logger = logging.getLogger(__name__)
_BARE_NUMBER = re.compile(r"[-\u2013 ]*\d{1,4}[-\u2013 ]*|[ivxlc]{1,6}")
_PAGE_NUMBER = re.compile(r"^[\W\d]*\d+[\W\d]*$|^(page|p\.)\s*\d+", re.I)


def analyze_pdf(pdf: pymupdf.Document, ticker: Ticker,
                on_blocks: Callable[[int, list[dict]], None] | None = None,
                explain: list | None = None) -> list[Footnote]:
    """The notes of a paged document; *explain*, when given, receives every candidate
    note line (:class:`features.Candidate`), accepted or not."""
    pages, links, sizes, rules = read_pages(pdf, ticker, on_blocks)
    return notes_from_pages(pages, links, sizes, rules, ticker, explain)


def notes_from_pages(pages: list[list[Line]], links: list[list[dict]], sizes: list[tuple[float, float]],
                     rules: list[list[Rule]], ticker: Ticker, explain: list | None = None) -> list[Footnote]:
    """The notes, from what :func:`read_pages` read (the part ``benchmarks/footnote_fit.py``
    runs again for every set of weights it tries)."""
    state = layout.State(dominant_size(pages))
    state.rules = rules
    _mark_furniture(pages, sizes, state.body_size)
    for pno, lines in enumerate(pages):
        _find_notes(pno, lines, state)
    _body_size_notes(state)
    _link_target_zones(pages, links, state)
    raised: dict = {}   # each page's raised labels, read once for both pools
    state.marked = _marked(pages, state.zones, raised)
    used = layout.solve_notes(state)
    if explain is not None:
        explain.extend(state.candidates)
    areas = [used.get(pno, set()) for pno in range(len(pages))]
    ticker.check()
    pool = markers.Pool(pages, areas, raised)
    linked = [c for pno, page_links in enumerate(links) for c in _link_candidates(pno, page_links, pages, areas)]
    return _assign(state.notes, pool, linked, pages, areas)


def read_pages(pdf, ticker, on_blocks=None) -> tuple[list[list[Line]], list[list[dict]], list[tuple[float, float]],
                                                      list[list[Rule]]]:
    """Every page's visual lines, internal links, size and lone horizontal rules (where the
    engine's time goes: MuPDF reads each page once, its vector paths with its text)."""
    pages, links, sizes, rules = [], [], [], []
    for pno in range(pdf.page_count):
        try:
            page = pdf[pno]
            blocks = page_blocks(page)
            if on_blocks is not None:
                on_blocks(pno, blocks)
            width = page.rect.width
            read = (page_lines(page, blocks), internal_links(pdf, page), (width, page.rect.height),
                    page_rules(blocks, width))
        except ReaderError:   # a time or memory limit ends the scan; it is no bad page
            raise
        except Exception as exc:  # noqa: BLE001 - MuPDF raises many types; one bad page must not end the scan
            logger.warning("Page %d unreadable for footnotes: %s", pno + 1, exc)
            read = ([], [], (612.0, 792.0), [])
        for found, value in zip((pages, links, sizes, rules), read):
            found.append(value)
        ticker.tick(pno + 1)
    return pages, links, sizes, rules


def internal_links(pdf, page, limit: int = 5000) -> list[dict]:
    """The page's links to places in the document, as ``{"from": Rect, "page": n}``.

    Walks MuPDF's link list directly: ``Page.get_links()`` looks up every link's
    annotation xref, which is quadratic and takes minutes on a page with 10,000 links.
    """
    found = []
    try:
        link = mupdf.fz_load_links(page.this if isinstance(page.this, mupdf.FzPage) else page.this.super())
        while link.m_internal and len(found) < limit:
            uri = link.uri() or ""
            if uri.startswith("#"):
                target = pdf.resolve_link(uri)
                number = target[0] if isinstance(target[0], int) else -1
                if number >= 0:
                    r = link.rect()
                    y = target[2] if len(target) > 2 and target[2] == target[2] else None   # NaN: no point
                    found.append({"from": pymupdf.Rect(r.x0, r.y0, r.x1, r.y1), "page": number,
                                  "kind": pymupdf.LINK_GOTO, "y": y})
            link = link.next()
    except ReaderError:   # a time or memory limit ends the scan; it is no bad page
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged link list only costs the link evidence
        logger.warning("Links of page %d unreadable: %s", page.number + 1, exc)
    return found


def _mark_furniture(pages: list[list[Line]], sizes: list[tuple[float, float]], body: float) -> None:
    """Running headers and footers (recurring lines at the page edges) and page numbers."""
    edge = []
    for lines, (_w, h) in zip(pages, sizes):
        edge.append([ln for ln in lines if ln.y1 < 0.12 * h or ln.y0 > 0.85 * h])
        for line in (lines[0], lines[-1]) if lines else ():   # a page number in a wide margin
            line.furniture = bool(_BARE_NUMBER.fullmatch(line.text.strip()))
    counts = Counter(sig for lines in edge for sig in {signature(ln) for ln in lines})
    recurring = max(3, 0.3 * len(pages))
    for lines, (w, h) in zip(edge, sizes):
        for line in lines:
            line.furniture = _is_furniture(line, counts[signature(line)] >= recurring, w, h, body)


def _is_furniture(line: Line, recurring: bool, width: float, height: float, body: float) -> bool:
    text = line.text.strip()
    if layout.is_separator(line):
        return False
    if _PAGE_NUMBER.match(text) or (recurring and not line.label):
        return True
    # a job number or barcode under the notes of a first page, set at body size
    return line.y0 > 0.9 * height and not line.label and line.size >= layout.SMALL * body \
        and line.bbox[2] - line.x0 < 0.5 * width


def _body_size_notes(state: layout.State) -> None:
    """A document whose notes are set in small type has no notes at body size; one with
    (almost) none may have them under a short rule: only then are those pages' drawings read."""
    small = sum(1 for zone in state.zones if any(piece.label for _whole, piece in zone.pieces))
    if small > len(state.body_size_columns) / 4:
        return
    for pno, column, rules in state.body_size_columns:
        area = layout.under_short_rule(column, rules)
        if area:
            state.zones.append(layout.Zone(pno, [(w, p) for w in area for p in split_at_labels(w)], "rule", False))
    state.zones.sort(key=lambda z: z.page)


def _link_target_zones(pages: list[list[Line]], links: list[list[dict]], state: layout.State) -> None:
    """Link evidence: a labelled line that an internal link lands on is a likely note
    (``state.linked``); a page where two or more land and no note zone was seen (a
    word processor's endnotes, without a heading) becomes a zone from the first of them; on
    the page after such a zone one link is enough (the last endnote turned over)."""
    landed: dict[int, list[Line]] = defaultdict(list)
    sources: dict[int, set[int]] = defaultdict(set)
    for pno, page_links in enumerate(links):
        for link in page_links:
            tp, y = link["page"], link.get("y")
            if y is None or not 0 <= tp < len(pages):
                continue
            near = [ln for ln in pages[tp] if y - 3 <= ln.y0 <= y + 1.5 * ln.size]
            if not near:
                continue
            printed, _ = markers.text_in(pymupdf.Rect(link["from"]), pages[pno], set())
            line = next((ln for ln in near if ln.label), None) or _custom_label(near[0], printed)
            if line is None or line in landed[tp]:
                continue
            if label_key(line.label) in {label_key(x) for x in split_labels(printed)} | {printed.strip()}:
                landed[tp].append(line)
                sources[tp].add(pno)
    state.linked = {id(ln) for lines in landed.values() for ln in lines}
    zoned = {id(whole) for zone in state.zones for whole, _piece in zone.pieces}
    added = set()
    for tp in sorted(landed):
        free = [ln for ln in landed[tp] if id(ln) not in zoned]
        if len(free) < 2 and tp - 1 not in added:   # one is enough where the zone goes on
            continue
        top = -1.0 if tp - 1 in added else min(ln.y0 for ln in free)
        area = [ln for ln in pages[tp] if ln.y0 >= top and not ln.furniture and id(ln) not in zoned]
        endnotes = tp not in sources[tp]
        pieces = [(whole, piece) for whole in area for piece in split_at_labels(whole)]
        state.zones.append(layout.Zone(tp, pieces, "link", endnotes, fresh=tp - 1 not in added))
        added.add(tp)
    state.zones.sort(key=lambda z: z.page)


def _marked(pages: list[list[Line]], zones: list[layout.Zone], raised: dict) -> Callable[[str, int, bool], bool]:
    """Whether a raised *label* stands in the body text outside the note zones: on the note's
    page or the one before (a footnote), on any page up to it (an endnote)."""
    zoned: list[set[int]] = [set() for _ in pages]
    for z in zones:
        zoned[z.page] |= {id(whole) for whole, _piece in z.pieces}
    pool = markers.Pool(pages, zoned, raised)
    first_seen: dict[str, int] = {}   # for endnotes: each label's first page, read once

    def on(label: str, p: int) -> bool:
        return bool(pool.on(label, p)) or (label.isdigit() and pool.has_glued(label, p))

    def marked(label: str, page: int, endnote: bool) -> bool:
        if not endnote:
            return on(label, page) or on(label, page - 1)
        if not first_seen:
            first_seen[""] = -1
            for p in range(len(pages)):
                pool.on("", p)   # reads the page's raised labels
                for line_id, cand in pool.raised.get(p, ()):
                    if line_id in zoned[p]:
                        continue
                    for one in consecutive_run(cand.label) or [cand.label]:
                        first_seen.setdefault(label_key(one), p)
        return first_seen.get(label_key(label), len(pages)) <= page
    return marked


def _custom_label(line: Line, printed: str) -> Line | None:
    """A link printed "N1" landing on a line "N1. Text": the link names the label."""
    printed = printed.strip()
    if not re.fullmatch(r"[A-Za-z]{1,3}\d{1,3}|\d{1,3}[a-z]", printed) or line.label:
        return None
    match = re.match(re.escape(printed) + r"(\.?)\s+(\S.*)", line.text)
    if match is None:
        return None
    line.label, line.label_style, line.body_text = printed, "dot" if match.group(1) else "full", match.group(2)
    return line


def _find_notes(pno: int, lines: list[Line], state: layout.State, depth: int = 0) -> None:
    """Record the note zones of page *pno* (the foot of each column, endnote sections)."""
    if not lines:
        return
    if not state.endnotes:
        start = layout.endnote_start(lines, state)
        if start is None:
            _footnote_lines(pno, lines, state)
            return
        state.endnotes = True
        lines = lines[start:]
    notes, rest = layout.endnote_lines(lines, state)
    foot = _footnotes_under_endnotes(notes, state.rules[pno]) if rest is None else []
    layout.collect(pno, notes[:len(notes) - len(foot)], "rule", state)
    if foot:   # the page's own footnotes, under a separator below the endnotes
        endnotes, state.endnotes = state.endnotes, False
        layout.collect(pno, foot, "rule", state)
        state.endnotes = endnotes
    if rest is not None:   # a new chapter, perhaps with its own "Notes" further down
        state.endnotes = False
        state.fresh = True
        if depth < 4:
            _find_notes(pno, rest, state, depth + 1)
        else:
            _footnote_lines(pno, rest, state)


def _footnotes_under_endnotes(lines: list[Line], page_rules: list[Rule]) -> list[Line]:
    """The last lines of an endnote page when a short rule in the lower half stands between
    them and the endnotes above: footnotes of that page (LaTeX's footnote rule), perhaps
    opening with the end of a footnote from the page before."""
    if len(lines) < 2 or not any(ln.label for ln in lines):
        return []
    middle = (lines[0].y0 + lines[-1].y1) / 2
    gaps = [k for k in range(1, len(lines)) if lines[k].y0 > lines[k - 1].y1 and lines[k].y0 > middle]
    if not gaps:
        return []
    rules = [y for y, short, _x0, _x1 in page_rules if short]
    for k in reversed(gaps):
        if any(lines[k - 1].y1 < y < lines[k].y0 for y in rules):
            return lines[k:]
    return []


def _footnote_lines(pno: int, lines: list[Line], state: layout.State) -> None:
    """Record the note area at the foot of each column of page *pno*."""
    lines = _without_margin_notes(lines, state.body_size)
    if not lines:
        return
    width = max(ln.bbox[2] for ln in lines)

    def rules(x0: float, x1: float) -> list[tuple[float, bool]]:
        # a rule counts for the column it stands in (the other column's separator is no cut),
        # and a rule across a line's glyphs is an underline (a link's), no separator
        return [(y, short) for y, short, r0, r1 in state.rules[pno] if r0 < x1 - 5 and r1 > x0 + 5
                and not any(ln.base - 0.3 * ln.size < y < ln.y1 and r0 < ln.bbox[2] and r1 > ln.x0
                            for ln in lines)]
    for column in layout.columns(lines, width):
        x0, x1 = min(ln.x0 for ln in column), max(ln.bbox[2] for ln in column)
        area, separator = layout.note_area(column, state, lambda x0=x0, x1=x1: rules(x0, x1))
        if separator == "body-size?":
            state.body_size_columns.append((pno, column, lambda x0=x0, x1=x1: rules(x0, x1)))
        else:
            layout.collect(pno, area, separator, state, lambda x0=x0, x1=x1: rules(x0, x1))


def _without_margin_notes(lines: list[Line], body: float) -> list[Line]:
    """Leave out small lines set wholly beside the body text (margin notes, sidenotes)."""
    text = [ln for ln in lines if ln.size >= layout.SMALL * body and not ln.furniture]
    if len(text) < 3:
        return lines
    left, right = min(ln.x0 for ln in text), max(ln.bbox[2] for ln in text)
    return [ln for ln in lines if ln.size >= layout.SMALL * body or left - 1 < ln.bbox[2] and ln.x0 < right - 1]


#: A lone horizontal rule: (y, short, x0, x1); "short" is under 0.6 of the page's width.
Rule = tuple[float, bool, float, float]
#: How many vector paths of a page are looked at for rules (a hostile page may hold millions).
MAX_PATHS = 2000


def page_rules(blocks: list[dict], width: float) -> list[Rule]:
    """Lone horizontal rules among the vector blocks of *blocks* (``get_text("dict")`` with
    ``TEXT_COLLECT_VECTORS``, as :data:`lines.FLAGS` reads it); a footnote separator is one."""
    found: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for block in [b for b in blocks if b.get("type") == 3][:MAX_PATHS]:
        x0, y0, x1, y1 = block["bbox"]
        if y1 - y0 < 2 and x1 - x0 > 5:
            same = found[round((y0 + y1) / 2)]
            if not any(abs(a - x0) < 1 and abs(b - x1) < 1 for a, b in same):
                same.append((x0, x1))   # a rule both filled and stroked is still one rule
    # a separator stands alone on its height; table borders come in several pieces
    return [(float(y), xs[0][1] - xs[0][0] < 0.6 * width, xs[0][0], xs[0][1]) for y, xs in found.items()
            if len(xs) == 1 and xs[0][1] - xs[0][0] > 20]


def _link_candidates(pno, page_links, pages, areas) -> list[markers.Candidate]:
    return markers.link_markers(pno, page_links, pages[pno], areas[pno]) if page_links else []


def _assign(drafts, pool, linked, pages, areas) -> list[Footnote]:
    """Give every note its markers: links first, then raised labels, then literal symbols."""
    refs: dict[int, list[markers.Candidate]] = defaultdict(list)
    by_start = defaultdict(list)
    for i, draft in enumerate(drafts):
        by_start[(label_key(draft.label), draft.page)].append(i)
    for cand in linked:
        key = label_key(cand.label)
        owners = by_start.get((key, cand.target)) or by_start.get((key, cand.target - 1)) or []
        if owners:
            refs[owners[0]].append(cand)
            for other in pool.on(cand.label, cand.page):
                if markers.overlaps(other.rect, cand.rect):
                    other.claimed = True
    sharing = Counter((label_key(d.label), d.page) for d in drafts if d.kind == "footnote")
    for i, draft in enumerate(drafts):
        if refs[i] or draft.kind != "footnote":
            continue
        refs[i] = pool.footnote_markers(draft.label, draft.page, glued=draft.label.isdigit())
        if sharing[(label_key(draft.label), draft.page)] > 1:
            refs[i] = refs[i][:1]   # two series or a restart on one page: one marker each, in order
        if not refs[i] and is_symbol(draft.label):
            refs[i] = markers.symbol_markers(draft.page, pages[draft.page], areas[draft.page],
                                             label_key(draft.label))[:1]
        if not refs[i] and draft.label.isalpha():   # a note on a note: its marker is in a note line
            refs[i] = markers.in_notes(draft.page, pages[draft.page], areas[draft.page], draft.label)[:1]
        for cand in refs[i]:
            cand.claimed = True
    for i, draft in enumerate(drafts):
        if draft.kind == "endnote" and not refs[i]:
            refs[i] = pool.endnote_marker(draft.label, draft.page)
            for cand in refs[i]:
                cand.claimed = True
    return [_footnote(draft, refs[i]) for i, draft in enumerate(drafts)]


def _footnote(draft: layout.Draft, cands: list[markers.Candidate]) -> Footnote:
    first_page, first = draft.parts[0]
    texts = [first.body_text] + [ln.text for _p, ln in draft.parts[1:]]
    rects = [ln.bbox for p, ln in draft.parts if p == first_page]
    rect = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
    how = sorted({c.how for c in cands})
    cands = sorted(cands, key=lambda c: (c.page, c.rect[1], c.rect[0]))
    if cands:
        reason = f"{draft.reason}; {' and '.join(how)} marker on page {cands[0].page + 1}"
    else:
        reason = f"{draft.reason}; no marker found"
    urls = find_urls("\n".join(texts))
    return Footnote(
        label=draft.label, kind=draft.kind, note_page=first_page,
        note_pages=tuple(sorted({p for p, _ln in draft.parts})),
        note_rect=tuple(round(v, 2) for v in rect), note_text=rejoin(join_lines(texts), urls),
        refs=tuple(Marker(c.page, c.rect) for c in cands),
        source="link" if "link" in how else "layout", reason=reason, urls=tuple(urls),
        confidence=1.0 if "link" in how else round(1 / (1 + math.exp(-draft.evidence)), 3))
