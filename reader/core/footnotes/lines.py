"""Page text as visual lines: spans that share a baseline, with their sizes and labels.

MuPDF sometimes splits one printed line into several "lines" (a label, then the rest) and
keeps superscripts in the line of their baseline. We regroup by baseline so a line reads
as printed, then note what a note line needs: its dominant size and a leading label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pymupdf

from reader.core.footnotes.text import LABEL, LEADING_LABEL, SUPERSCRIPT_DIGITS, clean_label

#: Text only: never decode images (a page of scans costs nothing here); vector paths come as
#: blocks of type 3 in the same pass (a note separator is one), so the page is read once.
FLAGS = (pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_IMAGES) | pymupdf.TEXT_COLLECT_VECTORS | pymupdf.TEXT_LAZY_VECTORS
SUPERSCRIPT = pymupdf.TEXT_FONT_SUPERSCRIPT
_LEADING_SUPERSCRIPT = re.compile("^\\s*([\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,4})\\s*(?=\\S)")
SUP_CHARS = set("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


#: A label span at most this share of its line's size, and above its baseline, is raised.
RAISED_LABEL = 0.9
#: Ordinary figures advance half an em (tabular) or a little less (old-style proportional,
#: the narrowest "1" near 0.36 em); a font's superior figures, set at full size on the
#: baseline (\textsuperior, OpenType "sups"), advance about 0.3 em. A digit-only span this
#: narrow per character, glued to the word before it, is a marker printed in superiors.
SUPERIOR_FIGURE = 0.34


@dataclass(slots=True)   # not frozen: a frozen dataclass is made 3x slower, and pages make ~150
class Span:
    text: str
    size: float
    flags: int
    bbox: tuple[float, float, float, float]
    base: float   # baseline y


class _LabelPart:
    """A part of a line's leading label (the label, its style, the text after it), looked for
    when first read or written (see :class:`Line`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, line: Line | None, owner: type | None = None):
        if line is None:
            return self
        line._labelled()
        return getattr(line, self.slot)

    def __set__(self, line: Line, value: str) -> None:
        line._labelled()
        setattr(line, self.slot, value)


class Line:
    """One visual line: its spans, box, dominant size and baseline, text, and leading label.

    The label is looked for when first asked (most lines of a page never are: a note is a
    line at the foot), so reading a page costs no more than it must."""
    __slots__ = ("spans", "bbox", "size", "base", "text", "_label", "_label_style", "_body_text",
                 "furniture", "run_in")

    def __init__(self, spans: list[Span], bbox: tuple[float, float, float, float], size: float = 0.0,
                 base: float = 0.0, text: str = "", label: str | None = None, label_style: str = "",
                 body_text: str = "", furniture: bool = False, run_in: bool = False) -> None:
        self.spans = spans
        self.bbox = bbox
        self.size = size              # dominant size, superscripts left out
        self.base = base              # baseline of the dominant spans
        self.text = text
        self._label = label           # leading note label ("" none; None: not looked for yet)
        self._label_style = label_style   # "sup" (small or raised), "dot" ("12."), "full" ("12 ", "* ")
        self._body_text = body_text   # the text after the label
        self.furniture = furniture    # running header/footer or page number
        self.run_in = run_in          # cut from a line at a raised label that follows text on it

    def _labelled(self) -> None:
        if self._label is None:
            self._label, self._label_style, self._body_text = "", "", ""
            _find_label(self)

    label = _LabelPart()
    label_style = _LabelPart()
    body_text = _LabelPart()

    def __repr__(self) -> str:
        return f"Line({self.text!r}, size={self.size}, base={self.base})"

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def y0(self) -> float:
        return self.bbox[1]

    @property
    def y1(self) -> float:
        return self.bbox[3]


def page_blocks(page: pymupdf.Page) -> list[dict]:
    """The text blocks of *page* as ``get_text("dict")`` gives them (no images)."""
    return page.get_text("dict", flags=FLAGS)["blocks"]


def page_lines(page: pymupdf.Page, blocks: list[dict] | None = None) -> list[Line]:
    """The visual lines of *page* (from its *blocks*, read when not given), top to bottom,
    left to right."""
    blocks = page_blocks(page) if blocks is None else blocks
    lines, touches, hangul = _build_lines(blocks, page.rect.x1 - PAGE_EDGE)
    if touches or hangul or _HANGUL.search("\n".join(ln.text for ln in lines)):
        # (rare: read the page again for a line past its edge, or for Korean word spaces)
        lines, _touches, _hangul = _build_lines(blocks, 0.0, _overflowing(page, blocks), _word_spaced(page, blocks))
    return lines


def _build_lines(blocks: list[dict], edge: float, overflow: dict | None = None,
                 spaced: dict | None = None) -> tuple[list[Line], bool, bool]:
    """The lines of *blocks*; and whether a line reaches *edge*, whether vertical text holds
    Hangul (see _overflowing and _word_spaced, whose results *overflow* and *spaced* are)."""
    raw, where = [], []
    spaces: dict[int, list[tuple[float, float, float]]] = {}   # block -> (baseline, x0, x1)
    touches = hangul = False
    for number, block in enumerate(blocks):
        for line in block.get("lines", ()):
            if line["bbox"][2] >= edge:
                touches = True
            if line["dir"][0] < 0.9:   # vertical or rotated text is never a note line
                hangul = hangul or any(_HANGUL.search(s["text"]) for s in line["spans"])
                continue
            if overflow or spaced:
                key = _line_key(line)
                line = overflow.get(key, line)
                spans = _spans(line)
                for span, text in zip(spans, spaced.get(key, ())):
                    span.text = text
            else:
                spans = _spans(line)
            for s in spans:
                if not s.text.isspace():
                    raw.append(spans)
                    where.append(number)
                    break
            else:
                if spans:   # a space alone: a justified line stretched apart word by word
                    spaces.setdefault(number, []).append((spans[0].base, spans[0].bbox[0], spans[-1].bbox[2]))
    lines = [_finish(group) for group in _group(raw, where, spaces)]
    lines.sort(key=lambda ln: (round(ln.base), ln.bbox[0]))
    return lines, touches, hangul


#: A line whose text reaches this close to the page's right edge may run past it (an overfull
#: line: a long URL in a note that TeX could not break); its cut-off rest is read back.
PAGE_EDGE = 1.0


def _line_key(line: dict) -> tuple[int, int]:
    origin = line["spans"][0]["origin"] if line["spans"] else (0, 0)
    return round(origin[0] * 2), round(origin[1] * 2)


def _overflowing(page: pymupdf.Page, blocks: list[dict]) -> dict[tuple[int, int], dict]:
    """The lines of *page* that run past its right edge, read whole: MuPDF cuts text at the
    page's box, and a URL that overflows it would lose its end. Read only when a line touches
    the edge, and only sideways (never what lies above or below the page)."""
    edge = page.rect.x1 - PAGE_EDGE
    if not any(line["bbox"][2] >= edge for block in blocks for line in block.get("lines", ())):
        return {}
    box = page.rect
    wide = pymupdf.Rect(box.x0, box.y0, box.x1 + box.width, box.y1)
    whole = page.get_text("dict", flags=FLAGS & ~pymupdf.TEXT_MEDIABOX_CLIP, clip=wide)["blocks"]
    return {_line_key(line): line for block in whole for line in block.get("lines", ())
            if line["bbox"][2] > box.x1 + PAGE_EDGE}


#: Korean is set with spaces between words, yet some fonts carry no space glyph and MuPDF then
#: reads "쓰지않고" for "쓰지 않고". A gap between two glyphs of a span wider than this share of
#: the size is a space (the Hangul word space is about a third of an em; glyphs touch).
GLYPH_WORD_GAP = 0.2
_HANGUL = re.compile("[\uac00-\ud7a3]")


def _word_spaced(page: pymupdf.Page, blocks: list[dict]) -> dict[tuple[int, int], list[str]]:
    """For a page with Hangul text only: each line's span texts with the spaces MuPDF left out
    put back from the glyphs' positions (the page's glyphs are read once more)."""
    if not any(_HANGUL.search(span["text"]) for block in blocks for line in block.get("lines", ())
               for span in line["spans"]):
        return {}
    found = {}
    for block in page.get_text("rawdict", flags=FLAGS)["blocks"]:
        for line in block.get("lines", ()):
            texts = []
            for span in line["spans"]:
                chars, out, prev = span["chars"], "", None
                for ch in chars:
                    if prev is not None and ch["bbox"][0] - prev["bbox"][2] > GLYPH_WORD_GAP * span["size"] \
                            and ch["c"] != " " and prev["c"] != " ":
                        out += " "
                    out += ch["c"]
                    prev = ch
                if out:
                    texts.append(out)
            found[_line_key(line)] = texts
    return found


def _spans(line: dict) -> list[Span]:
    """The spans of a MuPDF *line* that hold text (one comprehension: this runs for every span
    of every page). MuPDF may start a span with a space it made up at the end of the span
    before (a raised label), and report that space's origin; the glyph box tells the real
    baseline."""
    return [Span(s["text"], round(s["size"], 2), s["flags"], s["bbox"],
                 max(s["bbox"][3] - 0.3 * s["size"], s["origin"][1])) for s in line["spans"] if s["text"]]


def _main_span(spans: list[Span]) -> Span:
    return max(spans, key=_weight)


def _group(raw: list[list[Span]], where: list[int] | None = None,
           spaces: dict[int, list[tuple[float, float, float]]] | None = None) -> list[list[Span]]:
    """Merge MuPDF lines that sit on one baseline and touch horizontally (the line just
    before in baseline order, or one of the few before it: the other column's lines may
    fall between a raised label and its text). *where* gives each raw line's block, *spaces*
    the lone spaces of each block: words of one block with a printed space between them are
    one line however far justification set them apart."""
    mains = [spans[0] if len(spans) == 1 else max(spans, key=_weight) for spans in raw]
    order = sorted(range(len(raw)), key=lambda k: (round(mains[k].base), raw[k][0].bbox[0]))
    groups: list[list[Span]] = []
    heads: list[Span] = []     # each group's main span
    blocks: list[int] = []     # the block of each group's last piece
    for k in order:
        spans, main = raw[k], mains[k]
        block = where[k] if where else -1
        for g in range(len(groups) - 1, max(len(groups) - 4, -1), -1):
            head = heads[g]
            if abs(main.base - head.base) > 0.6 * (main.size if main.size > head.size else head.size):
                continue   # not on one baseline (what _joins and _spaced look at first)
            if _joins(groups[g], head, spans, main, block >= 0 and block == blocks[g]) or (
                    spaces and block == blocks[g] and _spaced(groups[g], spans, main, spaces.get(block))):
                groups[g].extend(spans)
                heads[g] = max(heads[g], main, key=_weight)
                blocks[g] = block
                break
        else:
            groups.append(list(spans))
            heads.append(main)
            blocks.append(block)
    return groups


def _spaced(last: list[Span], spans: list[Span], main: Span, spaces) -> bool:
    """Whether a space printed on *main*'s baseline stands between *last* and *spans*, less
    than 3 sizes from each (a justified line before an unbreakable URL: words 4 sizes apart)."""
    if not spaces:
        return False
    end, start, size = last[-1].bbox[2], spans[0].bbox[0], main.size
    if not 0 < start - end <= 7 * size or abs(last[-1].base - main.base) > 0.15 * size:
        return False
    return any(abs(base - main.base) < 0.15 * size and end - 1 <= x0 and x1 <= start + 1
               and x0 - end <= 3 * size and start - x1 <= 3 * size for base, x0, x1 in spaces)


def _weight(span: Span) -> tuple[float, float]:
    return len(span.text.strip()) * span.size, span.size


#: How far apart (in sizes) two words of one block on one baseline may stand and be one line
#: (a line justified wide: MuPDF makes each word a line of its own); across blocks, 0.6.
#: TeX stretches an underfull line of a narrow note without bound: 4.1 sizes were measured
#: between two words of an 8 pt note (pythontex); MuPDF keeps columns in blocks of their own.
BLOCK_WORD_GAP = 4.5


def _joins(last: list[Span], lmain: Span, spans: list[Span], main: Span, same_block: bool = False) -> bool:
    size = max(main.size, lmain.size)
    if abs(main.base - lmain.base) > 0.6 * size:
        return False
    gap = spans[0].bbox[0] - max(s.bbox[2] for s in last)
    label = len(last) <= 2 and LABEL.match(clean_label("".join(s.text for s in last)))   # "12", "12" + "."
    # a hanging label may stand further off: an indent (1 cm is 3.2 sizes of 9 pt notes), or a
    # tab stop on its baseline; other text joins within a wide word space, not across a
    # column gap (10 pt between two columns of 11 pt text is 0.9 size)
    level = abs(main.base - lmain.base) < 0.15 * size
    reach = (8.0 if level else 4.0) if label else BLOCK_WORD_GAP if same_block and level else 0.6
    # a raised label alone before its text (Word, LibreOffice) sits up to 0.6 size higher
    rise = 0.6 if label and lmain.size < main.size else 0.4
    return abs(main.base - lmain.base) <= rise * size and -1 <= gap <= reach * size


def _finish(spans: list[Span]) -> Line:
    if len(spans) == 1:   # most lines (what the loop below gives for one span)
        one = spans[0]
        return Line(spans, one.bbox, size=one.size, base=one.base, text=_join(spans))
    x0, y0, x1, y1 = spans[0].bbox
    weights: dict[float, int] = {}
    for s in spans:   # one pass: this runs for every line of every page (no min()/max() calls)
        b0, b1, b2, b3 = s.bbox
        if b0 < x0:
            x0 = b0
        if b1 < y0:
            y0 = b1
        if b2 > x1:
            x1 = b2
        if b3 > y1:
            y1 = b3
        if not s.flags & SUPERSCRIPT:
            chars = len(s.text.strip())
            if chars:
                weights[s.size] = weights.get(s.size, 0) + chars
    line = Line(spans, (x0, y0, x1, y1))
    line.size = max(weights, key=weights.get) if weights else _main_span(spans).size
    size = line.size
    line.base = spans[0].base
    for s in spans:
        if -0.3 < s.size - size < 0.3 and not s.text.isspace():
            line.base = s.base
            break
    line.text = _join(spans)
    return line   # (its label: when asked, see Line.label)


def _join(spans: list[Span]) -> str:
    out, prev = "", None
    for s in spans:
        if prev is not None and s.bbox[0] - prev.bbox[2] > 0.2 * s.size and not out.endswith(" ") \
                and not s.text.startswith(" "):
            out += " "
        out += s.text
        prev = s
    if ": / /" in out or "w w w ." in out:
        out = _LETTER_SPACED_URL.sub(lambda m: m.group().replace(" ", ""), out)
    return out.strip()


#: A URL that justification spread glyph by glyph, which MuPDF reads with a space between
#: every character ("h t t p s : / / u n d o c s . o r g / e n / S / R E S / 2 3 15": LaTeX's
#: url package on a narrow page): single characters, perhaps a last pair ("15", "m;").
_LETTER_SPACED_URL = re.compile(r"(?<!\S)(?:h t t p (?:s )?: / / |w w w \. )(?:\S )*\S(?: \S[^\sA-Za-z]{1,2})?(?!\S)")


#: A raised span is at most this share of its line's size (or flagged as a superscript).
RAISED_SPAN = 0.85


def is_marker_span(span: Span, before: Span | None, line: Line) -> bool:
    """A span printed as a marker: raised (:func:`is_raised`) or in superior figures
    (:func:`is_superior`). Tested first for what both need, cheaply: only a smaller or flagged
    span, superscript characters or figures can be one (this runs for every span of a page)."""
    text = span.text.strip()
    if not text or not (span.size <= RAISED_SPAN * line.size or span.flags & SUPERSCRIPT
                        or text[0] in SUP_CHARS or text[0].isdigit()):
        return False
    return is_raised(span, line) or is_superior(span, before, line)


def is_raised(span: Span, line: Line) -> bool:
    """A span printed as a superscript: flagged, or smaller and above the line's baseline."""
    text = span.text
    if text and (text[0] in SUP_CHARS or text[0].isspace()) and text.strip() and all(ch in SUP_CHARS for ch in text.strip()):
        return True   # superscript digits as characters ("¹²")
    if span.flags & SUPERSCRIPT and span.size < line.size - 0.3:
        return True
    smaller = span.size <= RAISED_SPAN * line.size
    raised = span.base < line.base - 0.15 * line.size
    return smaller and (raised or bool(span.flags & SUPERSCRIPT))


def is_superior(span: Span, before: Span | None, line: Line) -> bool:
    """A span of full-size figures set in the font's superiors (see SUPERIOR_FIGURE): no
    larger than the line, narrow, and touching the word before it (closer than a word space)."""
    text = span.text
    if before is None or not text.isdigit() or len(text) > 3 or span.size > line.size + 0.3:
        return False
    width = span.bbox[2] - span.bbox[0]
    gap = span.bbox[0] - before.bbox[2]
    return width < SUPERIOR_FIGURE * span.size * len(text) and -0.05 * span.size < gap < 0.2 * span.size \
        and before.text[-1:].strip() != ""


def _find_label(line: Line) -> None:
    first = next((s for s in line.spans if s.text.strip()), None)
    if first is None:
        return
    word = first.text.strip().split()[0] if first.text.strip() else ""
    rest_spans = line.spans[line.spans.index(first) + 1:]
    raised = first.base < line.base - 0.1 * line.size or bool(first.flags & SUPERSCRIPT)
    # smaller than the text after it: the line's dominant size, or its largest (a URL-only note
    # whose small monospaced address outweighs the words around it)
    largest = max([line.size] + [s.size for s in rest_spans])
    if LABEL.match(clean_label(word)) and first.text.strip() == word and rest_spans and \
            first.size <= RAISED_LABEL * largest and raised:
        line.label, line.label_style = clean_label(word), "sup"
        line.body_text = _join(rest_spans)
        return
    if LABEL.match(word) and first.text.strip() == word and rest_spans and not word.isdigit() \
            and rest_spans[0].bbox[0] - first.bbox[2] > 0.8 * line.size:
        line.label, line.label_style = word, "full"   # "iv<tab>Text": a letter set apart
        line.body_text = _join(rest_spans)
        return
    sup = _LEADING_SUPERSCRIPT.match(line.text)   # "⁶Note, from this point": no space needed
    if sup and sup.end() < len(line.text):
        line.label, line.label_style, line.body_text = sup.group(1), "sup", line.text[sup.end():]
        return
    match = LEADING_LABEL.match(line.text.translate(SUPERSCRIPT_DIGITS))
    if match and match.end() < len(line.text):
        line.label = line.text[match.start(1):match.end(1)]   # as printed: "⁶" stays "⁶" (one for one)
        raised = any(ch in SUP_CHARS for ch in line.label)
        line.label_style = "sup" if raised else "dot" if match.group(2) else "full"
        line.body_text = line.text[match.end():]


#: How many lines with a raised label inside them make their size the body's (see dominant_size).
MARKED_LINES = 3
#: A raised marker's text: a label, or a run of them ("1,2", "3-5", "123" for 1, 2, 3).
_MARKER_TEXT = re.compile(r"^(?:\d{1,12}|[\d,\u2013-]{1,12}|[*\u2217\u2020\u2021\u00a7\u00b6]{1,3})$")


def dominant_size(pages: list[list[Line]]) -> float:
    """The body text size: the size that most characters of the document are set in, counting
    the upper half of each page's lines (long notes may fill the rest); or, when larger, the
    size of the lines that carry raised markers after their first word (notes filling four
    fifths of every page outweigh the body, but their markers stand in the body)."""
    weights: dict[float, int] = {}
    marked: dict[float, int] = {}
    for lines in pages:
        half = max(1, (len(lines) + 1) // 2)
        for n, line in enumerate(lines):
            key = round(line.size * 2) / 2
            if n < half:   # the upper half of each page: notes filling the foot are no body
                weights[key] = weights.get(key, 0) + len(line.text)
            spans = line.spans
            if len(spans) < 2:
                continue
            for b, s in zip(spans, spans[1:]):
                if is_marker_span(s, b, line) and _MARKER_TEXT.match(s.text.strip()):
                    marked[key] = marked.get(key, 0) + 1
                    break
    body = max(weights, key=weights.get) if weights else 10.0
    if sum(marked.values()) >= MARKED_LINES:
        body = max(body, max(marked, key=marked.get))
    return body


def signature(line: Line) -> str:
    """A line's text with digits masked, to spot running headers and footers."""
    return re.sub(r"\d+", "#", line.text.lower())[:60]


def split_at_labels(line: Line) -> list[Line]:
    """Split a note line where a raised label follows text (several short notes on one line)."""
    cuts = []
    seen_text = False
    before = None   # the last span with text
    for i, span in enumerate(line.spans):
        text = span.text.strip()
        if not text:
            continue
        letter = text.isalpha() and len(text) == 1   # "p. 10. ᶜThe": run-in lettered notes
        # "2ᵒ", "1ᵉʳ": a raised letter set tight against a number is an ordinal, not a label
        ordinal = letter and before is not None and before.text.rstrip()[-1:].isdigit() \
            and span.bbox[0] - before.bbox[2] < 0.15 * line.size
        if seen_text and LABEL.match(text) and (letter or not text.isalpha()) and is_raised(span, line) \
                and i + 1 < len(line.spans) and not ordinal:
            cuts.append(i)
        before = span
        # a full-size "61." opening the line may be the end of the note before ("p. 61. ⁸See"
        # in run-in notes): only a raised label owns the line's start
        seen_text = seen_text or (i > 0 or not line.label or line.label_style != "sup")
    if not cuts:
        return [line]
    pieces, start = [], 0
    for cut in cuts + [len(line.spans)]:
        if line.spans[start:cut]:
            pieces.append(_finish(line.spans[start:cut]))
        start = cut
    for number, piece in enumerate(pieces):
        piece.size, piece.base, piece.furniture = line.size, line.base, line.furniture
        piece.run_in = number > 0 or line.run_in
        piece._labelled()
    return pieces
