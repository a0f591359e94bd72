"""The layer and PDF annotations: the file's own ones read, the layer's written into a copy.

A PDF may carry annotations from Okular, Zotero's "Export PDF" or Acrobat; they are listed
beside the layer (:func:`file_annotations`), never copied into it. "Save a copy with
annotations" (:func:`save_copy`) writes the layer's highlights and underlines as standard
text-markup annotations (``/Highlight``, ``/Underline``, one quad per rectangle, the comments
on them as their contents) and comments at a point as ``/Text`` notes, which Okular, Zotero,
pdf.js and MuPDF display. The original file is never written; bookmarks and corrections stay
in the layer (a PDF has no place for them that other readers show as such).
"""
from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pymupdf

from reader.core.document import MUPDF_ERRORS
from reader.core.errors import LayerError
from reader.core.layer.model import Comment, Highlight, Item

logger = logging.getLogger(__name__)

#: PDF annotation types that are the file's furniture, not a reader's marks.
_NOT_MARKS = {"Link", "Widget", "Popup", "PrinterMark", "TrapNet", "Watermark", "3D", "Screen", "Movie", "Sound"}
#: Text-markup annotations: their text is what lies under their quads.
_MARKUP = {"Highlight", "Underline", "StrikeOut", "Squiggly"}
#: Who the annotations of a saved copy say wrote them (PDF ``/T``).
AUTHOR = "Ibid"
#: Where a comment without a place is put on its page (PDF points from the top left).
DEFAULT_POINT = (36.0, 36.0)


def file_annotations(pdf) -> list[dict]:
    """The reader's marks the file itself carries, in page order: ``kind`` (``highlight``,
    ``underline``, ``text``, ``freetext``, …), ``page`` (1-based), ``rect``, ``colour``
    (``#rrggbb`` or ""), ``text`` (under a text-markup annotation), ``comment``, ``author``,
    ``created`` (ISO 8601 when the file says). A page whose annotations cannot be read is skipped."""
    pdf = as_pdf(pdf)
    found: list[dict] = []
    if not pdf.is_pdf:
        return found
    for index in range(pdf.page_count):
        try:
            found.extend(_page_annotations(pdf[index], index))
        except MUPDF_ERRORS as exc:
            logger.warning("Annotations of page %d unreadable: %s", index + 1, exc)
    return found


def _page_annotations(page: pymupdf.Page, index: int) -> list[dict]:
    out = []
    for annot in page.annots():
        kind = annot.type[1]
        if kind in _NOT_MARKS:
            continue
        info = annot.info
        out.append({"kind": kind.lower(), "page": index + 1, "rect": [round(v, 2) for v in annot.rect],
                    "colour": _hex(annot.colors.get("stroke")), "text": _text_under(page, annot) if kind in _MARKUP else "",
                    "comment": info.get("content", ""), "author": info.get("title", ""),
                    "created": iso_date(info.get("creationDate", ""))})
    return out


def _text_under(page: pymupdf.Page, annot: pymupdf.Annot) -> str:
    vertices = annot.vertices or []
    rects = [tuple(pymupdf.Quad(vertices[i:i + 4]).rect) for i in range(0, len(vertices) - 3, 4)]
    return text_in(page, rects or [tuple(annot.rect)])


def as_pdf(doc) -> pymupdf.Document:
    """The PyMuPDF document of *doc*: a :class:`reader.core.document.Document` (what the window
    holds: it never touches PyMuPDF itself) or a PyMuPDF document already."""
    return doc if isinstance(doc, pymupdf.Document) else doc.pdf


def passage(doc, index: int, rects) -> str:
    """The text under *rects* on page *index* of *doc* (see :func:`as_pdf`)."""
    return text_in(as_pdf(doc)[index], rects)


def text_in(page: pymupdf.Page, rects) -> str:
    """The words of *page* whose middle lies in one of *rects* (what a highlight covers)."""
    boxes = [pymupdf.Rect(r) for r in rects]
    words = page.get_text("words", sort=True)
    return spelled(" ".join(w[4] for w in words
                            if any(pymupdf.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2) in r for r in boxes)))


def spelled(text: str) -> str:
    """*text* with its typographic ligatures spelled out ("conﬂict" -> "conflict"), as quoted."""
    return _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


_LIGATURE = re.compile("[\ufb00-\ufb06]")


def line_rects(rects) -> list[tuple[float, float, float, float]]:
    """Word rectangles (a selection) merged into one rectangle per line, top to bottom:
    words on one line share most of their height."""
    lines: list[list[float]] = []
    for x0, y0, x1, y1 in sorted(rects, key=lambda r: (r[1], r[0])):
        line = next((ln for ln in lines if min(y1, ln[3]) - max(y0, ln[1]) > SAME_LINE * min(y1 - y0, ln[3] - ln[1])),
                    None)
        if line is None:
            lines.append([x0, y0, x1, y1])
        else:
            line[:] = [min(line[0], x0), min(line[1], y0), max(line[2], x1), max(line[3], y1)]
    return [tuple(round(v, 2) for v in ln) for ln in lines]


#: Two word boxes are on one line when they share more than this part of the lower one's height.
SAME_LINE = 0.5


def save_copy(pdf, items: Sequence[Item], out: Path, *, original: Path | None = None) -> int:
    """Write *pdf* to *out* with the highlights and comments of *items* as PDF annotations;
    the number written. *pdf* itself is not changed. LayerError when *out* is *original*
    (the file is never changed in place) or cannot be written."""
    pdf = as_pdf(pdf)
    out = Path(out)
    if original is not None and _same_file(Path(original), out):
        raise LayerError(f"{out.name} is the document itself; save the copy under another name.")
    copy = pymupdf.open(stream=pdf.tobytes() if pdf.is_pdf else pdf.convert_to_pdf(), filetype="pdf")
    try:
        comments = {}
        for item in items:
            if isinstance(item, Comment) and item.on:
                comments.setdefault(item.on, []).append(item.text)
        written = 0
        for item in items:
            if item.page >= copy.page_count:
                continue
            if isinstance(item, Highlight):
                _write_highlight(copy[item.page], item, "\n\n".join(comments.get(item.id, ())))
                written += 1
            elif isinstance(item, Comment) and not item.on:
                _write_note(copy[item.page], item)
                written += 1
        try:
            copy.save(str(out), garbage=1, deflate=True)
        except (RuntimeError, OSError) as exc:
            raise LayerError(f"The copy could not be written to {out}: {exc}.") from exc
    finally:
        copy.close()
    return written


def _write_highlight(page: pymupdf.Page, item: Highlight, comment: str) -> None:
    quads = [pymupdf.Rect(r).quad for r in item.rects]
    annot = page.add_underline_annot(quads) if item.style == "underline" else page.add_highlight_annot(quads)
    annot.set_colors(stroke=_rgb(item.colour))
    annot.set_info(content=comment, title=AUTHOR, subject=item.text[:200],
                   creationDate=pdf_date(item.created), modDate=pdf_date(item.modified or item.created))
    annot.update()


def _write_note(page: pymupdf.Page, item: Comment) -> None:
    annot = page.add_text_annot(pymupdf.Point(*(item.point or DEFAULT_POINT)), item.text)
    annot.set_info(title=AUTHOR, creationDate=pdf_date(item.created), modDate=pdf_date(item.modified or item.created))
    annot.update()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _rgb(colour: str) -> tuple[float, float, float]:
    match = re.fullmatch(r"#?([0-9a-fA-F]{6})", colour.strip())
    value = match.group(1) if match else "ffd400"
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(rgb) -> str:
    if not rgb or len(rgb) != 3:
        return ""
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


def pdf_date(iso: str) -> str:
    """``2026-12-08T01:59:21Z`` as a PDF date (``D:20261208015921Z``); "" when it is not one."""
    digits = re.sub(r"\D", "", iso)
    return f"D:{digits[:14]}Z" if len(digits) >= 14 else ""


def iso_date(pdf: str) -> str:
    """A PDF date (``D:20261208015921+01'00'``) as ISO 8601 (offset kept); "" when it is not one."""
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?", pdf or "")
    if not match:
        return ""
    y, mo, d, h, mi, s, zone = match.groups()
    text = f"{y}-{mo or '01'}-{d or '01'}T{h or '00'}:{mi or '00'}:{s or '00'}"
    if zone == "Z":
        return text + "Z"
    return text + (zone.replace("'", "")[:3] + ":" + zone.replace("'", "")[3:5] if zone else "")


def find_passage(page: pymupdf.Page, text: str) -> tuple[list[tuple[float, float, float, float]], str]:
    """(one rectangle per line, the words as printed) of the first place *text* is printed
    on *page*, word for word (case, spacing and line breaks aside); ([], "") when it is not."""
    wanted = [_word(w) for w in text.split()]
    if not wanted:
        return [], ""
    words = page.get_text("words", sort=True)
    keys = [_word(w[4]) for w in words]
    for start in range(len(words) - len(wanted) + 1):
        if keys[start:start + len(wanted)] == wanted:
            hit = words[start:start + len(wanted)]
            lines: dict[tuple[int, int], pymupdf.Rect] = {}
            for w in hit:
                lines.setdefault((w[5], w[6]), pymupdf.Rect(w[:4])).include_rect(pymupdf.Rect(w[:4]))
            rects = [tuple(round(v, 2) for v in r) for r in lines.values()]
            return rects, spelled(" ".join(w[4] for w in hit))
    return [], ""


def _word(word: str) -> str:
    """A word as the user types it: ligatures spelled out (NFKC: "conﬂict" is "conflict"),
    case and quotation marks aside."""
    return unicodedata.normalize("NFKC", word).casefold().strip("\u201c\u201d\"'")
