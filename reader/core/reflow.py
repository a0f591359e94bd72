"""Lay out Markdown, HTML and plain text into real pages with PyMuPDF's Story.

Reflowable files become a PDF in memory, so the page view, the footnote engine and the
index all see pages. Every block and every ``<sup>`` gets an ``id``; ``Story``'s
``element_positions`` tells us where each one landed (page and rectangle), which the
footnote engine uses to place markers and notes.
"""
from __future__ import annotations

import html as htmllib
import io
import re
from dataclasses import dataclass, field

import pymupdf

from reader.core.errors import LimitExceeded
from reader.core.textlayout import DEFAULT, TextLayout

PAGE = pymupdf.paper_rect("a4")
CSS = """
body { font-family: serif; font-size: 11pt; line-height: 1.4; color: #111; }
h1 { font-size: 17pt; } h2 { font-size: 14pt; } h3, h4, h5, h6 { font-size: 12pt; }
p { margin: 0 0 7pt 0; text-align: left; }
sup { font-size: 7.5pt; }
pre, code { font-family: monospace; font-size: 9pt; }
pre { white-space: pre-wrap; }
blockquote { margin-left: 18pt; }
hr { border-top: 0.5pt solid #888; margin: 10pt 0 8pt 0; }
table { border-collapse: collapse; } td, th { border: 0.5pt solid #999; padding: 2pt 4pt; }
.footnotes, .footnote-item { font-size: 9.5pt; }
.text p { white-space: pre-wrap; font-family: serif; }
"""
# Block elements that get an id derived from the source line ("l12" = line 12).
_BLOCKS = ("paragraph_open", "heading_open", "list_item_open", "blockquote_open",
           "table_open", "footnote_open", "bullet_list_open", "ordered_list_open", "hr")
_SUP = re.compile(r"<sup(?![^>]*\bid=)(?=[\s>])", re.I)


@dataclass
class Layout:
    """A reflowable document laid out into pages."""
    pdf: pymupdf.Document
    html: str
    #: element id -> [(page index, (x0, y0, x1, y1)), ...] in layout order
    positions: dict[str, list[tuple[int, tuple[float, float, float, float]]]] = field(default_factory=dict)


#: The attribute that marks a Markdown reference-style link ("[text][label]", "[label]").
REFERENCE_LINK = "data-reference"


def markdown_to_html(text: str, notes: list[str] | None = None) -> str:
    """Markdown to HTML with line ids; *notes* gets a sentence when content was left out."""
    # Imported here: the window only reads laid-out files from the cache, and starts faster.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "typographer": True, "store_labels": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"]).use(footnote_plugin)
    tokens = md.parse(text)
    for tok in tokens:
        if tok.type in _BLOCKS and tok.map and not tok.attrGet("id"):
            tok.attrSet("id", f"l{tok.map[0] + 1}")
        for child in tok.children or ():
            if child.type == "link_open" and child.meta.get("label"):
                # "[late-bound]" takes its address from a "[late-bound]: https://…" line
                # elsewhere: the note does not cite it (footnotes.tree.link_targets skips it).
                child.attrSet(REFERENCE_LINK, child.meta["label"])
    # markdown-it stops parsing blocks nested deeper than maxNesting (10,000 '>' would
    # otherwise overflow the stack); what lies deeper is not shown, so say so.
    if notes is not None and tokens and max(tok.level for tok in tokens) >= md.options["maxNesting"] - 1:
        notes.append(f"Quotes or lists are nested more than {md.options['maxNesting']} levels deep; "
                     "Ibid does not show what lies deeper.")
    return number_superscripts(md.renderer.render(tokens, md.options, {}))


def text_to_html(text: str) -> str:
    paras = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    out, line = [], 1
    for para in paras:
        if para.strip():
            out.append(f'<p id="l{line}">{htmllib.escape(para)}</p>')
        line += para.count("\n") + 2
    return '<div class="text">' + "\n".join(out) + "</div>"


_CHARSET = re.compile(r"(<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*)[A-Za-z0-9._:-]+|"
                      r"(<\?xml[^>]{0,200}?encoding\s*=\s*[\"'])[A-Za-z0-9._:-]+", re.I)


def declare_utf8(html: str) -> str:
    """*html* (already decoded) with its charset declarations saying UTF-8: MuPDF reads the
    text we hand it as bytes again and would honour a stale "iso-8859-1"."""
    head, tail = html[:8192], html[8192:]
    return _CHARSET.sub(lambda m: (m.group(1) or m.group(2)) + "utf-8", head) + tail


def number_superscripts(html: str) -> str:
    """Give every ``<sup>`` without an id the id ``sup-N`` (N counts from 1)."""
    counter = iter(range(1, 10**9))
    return _SUP.sub(lambda m: f'<sup id="sup-{next(counter)}"', html)


#: Part of the layout cache's key: raise it when the same HTML lays out differently.
#: 2: variation selectors dropped (back-links drawn "↩", not "↩□").
#: 3: XHTML's self-closed elements ("<a id="x"/>") closed where they open.
LAYOUT_REVISION = 3
#: Variation selectors 15 and 16 (text or emoji style of the character before), as characters
#: or character references: markdown-it and pandoc write a note's back-link as "↩" + U+FE0E.
#: MuPDF draws them as a missing glyph ("↩□"), and they add nothing to a page without emoji.
_VARIATION_SELECTORS = re.compile(r"[\ufe0e\ufe0f]|&#(?:x0*fe0[ef]|0*6527[89]);", re.I)


#: An element other than a void one written self-closed, as XHTML allows and DocBook XSL writes
#: its anchors (``<a id="targets"/>``). An HTML parser (MuPDF's) reads it as an open tag that
#: never closes: the rest of the section sits inside that anchor, and MuPDF no longer reports
#: where the elements with ids in it landed (the note markers after it had no place).
_SELF_CLOSED = re.compile(r"<(?!(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)\b)"
                          r"([a-zA-Z][\w:.-]*)(\s[^<>]*?)?\s*/>")


def layout_html(html: str, *, max_pages: int = 100_000, base_dir: str | None = None,
                text: TextLayout = DEFAULT) -> Layout:
    """Lay *html* out on A4 pages at the *text* size and margins; refuse past *max_pages* pages."""
    html = _VARIATION_SELECTORS.sub("", html)
    html = _SELF_CLOSED.sub(lambda m: f"<{m[1]}{m[2] or ''}></{m[1]}>", html)
    archive = pymupdf.Archive(base_dir) if base_dir else None
    story = pymupdf.Story(html=html, user_css=text.story_css(CSS), archive=archive)
    margin = text.story_margin
    where = PAGE + (margin, margin, -margin, -margin)
    positions: dict[str, list] = {}

    def rectfn(rect_num, filled):
        if rect_num >= max_pages:
            raise LimitExceeded(f"This document lays out to more than {max_pages:,} pages; Ibid stopped laying it out.")
        return PAGE, where, None

    links: list[tuple[int, tuple, str]] = []

    def positionfn(pos):
        rect = tuple(round(v, 2) for v in pos.rect)
        if pos.id:
            _merge_position(positions.setdefault(pos.id, []), pos.page_num - 1, rect)
        if pos.href and pos.open_close & 1:
            links.append((pos.page_num - 1, rect, pos.href))

    stream = io.BytesIO()
    writer = pymupdf.DocumentWriter(stream)
    story.write(writer, rectfn, positionfn=positionfn)
    writer.close()
    pdf = pymupdf.open("pdf", stream.getvalue())
    _add_links(pdf, links, positions)
    return Layout(pdf=pdf, html=html, positions=positions)


def _merge_position(boxes: list, page: int, rect: tuple) -> None:
    """Union the boxes MuPDF reports for one element on one page (one box per page).

    A zero-width box only marks where a tag opened; it is kept until a real box comes.
    """
    for i, (p, r) in enumerate(boxes):
        if p == page:
            if r[2] <= r[0]:
                boxes[i] = (p, rect)
            elif rect[2] > rect[0]:
                boxes[i] = (p, (min(r[0], rect[0]), min(r[1], rect[1]), max(r[2], rect[2]), max(r[3], rect[3])))
            return
    boxes.append((page, rect))


def _add_links(pdf: pymupdf.Document, links: list, positions: dict) -> None:
    """Turn ``<a href>`` into PDF links: ``#id`` to its element, web and mail links as URIs.

    Unlike ``Story.write_with_links`` this skips links to missing ids (``[text](#)``)
    instead of failing, and never makes links to other schemes (file:, javascript:).
    The link objects are written directly and each page's /Annots set once: calling
    ``Page.insert_link`` 40,000 times (10,000 footnotes) took 44 s, this takes about 2 s.
    """
    height = PAGE.height
    page_xrefs = [pdf.page_xref(i) for i in range(pdf.page_count)]
    annots: dict[int, list[int]] = {}
    for page, rect, href in links:
        if href.startswith("#"):
            target = positions.get(href[1:])
            if not target:
                continue
            to_page, to_rect = target[0]
            action = f"/Dest[{page_xrefs[to_page]} 0 R/XYZ {to_rect[0]:g} {height - to_rect[1]:g} 0]"
        elif re.match(r"(https?|mailto):", href, re.I):
            action = f"/A<</S/URI/URI{pymupdf.get_pdf_str(href)}>>"
        else:
            continue
        x0, y0, x1, y1 = rect
        xref = pdf.get_new_xref()
        pdf.update_object(xref, f"<</Type/Annot/Subtype/Link/Border[0 0 0]"
                                f"/Rect[{x0:g} {height - y1:g} {x1:g} {height - y0:g}]{action}>>")
        annots.setdefault(page, []).append(xref)
    for page, xrefs in annots.items():
        pdf.xref_set_key(page_xrefs[page], "Annots", "[" + " ".join(f"{x} 0 R" for x in xrefs) + "]")
