"""Notes and markers in HTML, XHTML and the HTML of laid-out Markdown and text.

Evidence, strongest first: explicit semantics (``epub:type="noteref"``/``"footnote"``,
``role="doc-noteref"``, ``type="noteref"``, ``class="footnote-item"``, an ``<a href="#fn1">``
whose text is a label), then note paragraphs that start with a ``<sup>`` label (the seed's
style), symbol paragraphs (``* Reissued ...``), and plain ``N Text`` paragraphs when the body
has matching ``[N]`` markers. Element ids and document order are kept, so the caller can
place each note and marker on a page.
"""
from __future__ import annotations

import bisect
import re

from reader.core.citations.urls import find_urls
from reader.core.footnotes.limits import LEAD_CHARS, MAX_REF_LABEL, SCAN_IDS
from reader.core.footnotes.paragraphs import by_paragraphs, is_code, list_number
from reader.core.footnotes.text import SYMBOL_LABEL, clean_label, is_label, strip_label
from reader.core.footnotes.tree import (
    BLOCKS,
    Element,
    RawMarker,
    RawNote,
    TreeBuilder,
    link_targets,
    parse,
    text_before,
    walk,
)

# What the producers call a note and a marker: epub:type/role (EPUB, DPUB-ARIA), the classes of
# docutils/Sphinx, DocBook, pandoc, Texinfo, Word and Gutenberg HTML.
_NOTE_WORDS = re.compile(r"\b(?:doc-)?(?:foot|end|rear)note\b", re.I)
_REF_WORDS = re.compile(r"\b(?:doc-)?noteref\b|\bfootnote-?ref(?:erence)?\b|\bfnanchor\b|"
                        r"\bdoc-biblioref\b|\bcitation-reference\b|footnotereference", re.I)
_CITATION_WORDS = re.compile(r"\bcitation\b|\bdoc-biblioentry\b", re.I)
#: a link back from a note to its marker: docutils' fn-backref, DPUB's doc-backlink, pandoc's
#: footnote-back, Sphinx's toc-backref, Pressbooks' return-footnote; or an arrow ("↩", "↵") as its whole text
_BACK_WORDS = re.compile(r"back(?:link|ref)|-back\b|\breturn-", re.I)
_ARROWS = "\u2191\u21a9\u21b5\u2934\ufe0e\ufe0f"   # ↑ ↩ ↵ ⤴ and the emoji/text selectors
_BACKLINK = re.compile(rf"^[{_ARROWS}^\s]+$|^(?:back|return)\b", re.I)
#: what is left of a note's label and backlinks once their links are dropped: "[]", "(, )", "↩"
_REMNANT_HEAD = re.compile(rf"^(?:[\s,;{_ARROWS}^]|[\[(][\s,;]*[\])])+")
_REMNANT_TAIL = re.compile(rf"(?:[\s,;{_ARROWS}]|[\[(][\s,;]*[\])])+$")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: note bodies that may be the bare target of a label link (Markdown's ``[1](#f1)``)
_NOTE_TAGS = {"li", "p", "div", "aside", "dd", "dt", "td", "tr", "table", "section"}

__all__ = ["find", "note_urls", "parse", "walk", "text_before", "Element", "RawNote", "RawMarker"]


def find(html: str) -> tuple[list[RawNote], list[tuple[RawMarker, RawNote | None]]]:
    """Notes and (marker, note) pairs in *html*; a marker whose note is unknown pairs with None."""
    tree = parse(html)
    notes, pairs = _linked(tree)
    if notes:
        return notes, pairs
    return by_paragraphs(tree)


def note_urls(notes: list[RawNote]) -> dict[int, tuple[str, ...]]:
    """Each note's URLs (by ``id(note)``): those printed in its text, then the targets of its
    links (a Markdown ``[text](url)`` prints only the text). Links count only when the note
    has its element to itself (several "1 Text" lines in one paragraph share theirs)."""
    owners: dict[int, int] = {}
    for note in notes:
        owners[id(note.element)] = owners.get(id(note.element), 0) + 1
    out = {}
    for note in notes:
        urls = find_urls(note.text)
        if owners[id(note.element)] == 1:
            urls += [u for u in link_targets(note.element) if u not in urls]
        out[id(note)] = tuple(urls)
    return out


def _linked(tree: TreeBuilder) -> tuple[list[RawNote], list]:
    """Notes named by their markup or by a link from a label-like marker."""
    ctx = _Context(tree)
    links = [(a, t) for a in walk(tree.root) if (t := _ref_target(a, ctx)) is not None]
    heads = {id(t) for _a, t in links if _is_head(t)}
    marked = [el for el in walk(tree.root) if _is_note_element(el)]
    outer, members = _containers(tree, marked, [t for _a, t in links], heads)
    bodies: dict[int, Element] = {}
    notes = _marked_notes(marked, outer, heads, bodies)
    holders = _holders(tree, notes)
    pairs = []
    for anchor, target in links:
        holder = holders.get(id(target)) or _only_note(members.get(id(target), []), notes)
        if holder is not None:
            target = holder.element   # a named anchor inside a note marked as one, or a wrapper around one
        elif id(target) in heads:     # a label on its own ("(1)", <dt>): the note is what follows
            target = bodies.setdefault(id(target), _body(target, heads))
        note = notes.get(target.order)
        if note is None:
            note = notes[target.order] = RawNote("", "", target, f"target of a {_marker_word(anchor)} link",
                                                 _kind(target))
        pairs.append((_marker(anchor, target), note))
        note.label = note.label or pairs[-1][0].label
    marker_ids = {m.element.attrs.get(k) for m, _n in pairs if m.element is not None for k in ("id", "name")} | \
        {a.attrs.get(k) for a, _t in links for k in ("id", "name")}
    markers = {id(a) for a, _t in links}
    ordered = sorted(notes.values(), key=lambda n: n.element.order)
    for note in ordered:
        _finish_note(note, marker_ids - {None, ""}, markers)
    return [n for n in ordered if n.text], pairs


def _marked_notes(marked: list[Element], outer: set[int], heads: set[int],
                  bodies: dict[int, Element]) -> dict[int, RawNote]:
    """The notes the markup names, by document order: marked elements that hold no other
    note, and every term of a marked ``dl`` note list (linked to or not)."""
    notes: dict[int, RawNote] = {}
    for el in marked:
        if id(el) not in outer:
            notes.setdefault(el.order, RawNote("", "", el, f"{el.tag} marked {_words(el)}", _kind(el)))
        elif el.tag == "dl":
            terms = [c for c in el.children if isinstance(c, Element) and c.tag == "dt"]
            heads |= {id(dt) for dt in terms}
            for dt in terms:
                body = bodies.setdefault(id(dt), _body(dt, heads))
                notes.setdefault(body.order, RawNote("", "", body, f"term of a dl marked {_words(el)}", _kind(el)))
    return notes


def _marker(anchor: Element, target: Element) -> RawMarker:
    element = _marker_element(anchor)
    lead = "" if element.attrs.get("id") else (text_before(anchor).split() or [""])[-1][-LEAD_CHARS:]
    return RawMarker(clean_label(anchor.text()), element, target=target.attrs.get("id", ""),
                     lead=lead, printed=anchor.text().strip())


def _is_note_element(el: Element) -> bool:
    sem = el.semantics()
    return el.tag not in ("a", "sup", "span", "ol", "ul") and bool(_NOTE_WORDS.search(sem)) \
        and not _REF_WORDS.search(sem) and not _BACK_WORDS.search(sem)


def _containers(tree: TreeBuilder, marked: list[Element], targets: list[Element],
                heads: set[int]) -> tuple[set[int], dict[int, list[Element]]]:
    """Marked elements that hold notes rather than being one: docutils' ``footnote-list``, a
    Texinfo ``div.footnote`` of ``(1)`` headings, a ``dl.footnote`` of several notes. Each
    element reports to its nearest marked ancestor only (one pass, however deep the nesting):
    an outer one holds that ancestor, which is a note element itself. Also gives what each
    marked element holds."""
    marked_ids = {id(el) for el in marked}
    nearest: dict[int, Element | None] = {id(tree.root): None}
    for el in walk(tree.root):
        if el.parent is not None:
            nearest[id(el)] = el.parent if id(el.parent) in marked_ids else nearest[id(el.parent)]
    inner: dict[int, set[int]] = {}
    members: dict[int, list[Element]] = {}
    for el in [*marked, *targets]:
        up = nearest.get(id(el))
        if up is not None and up is not el:
            inner.setdefault(id(up), set()).add(id(el))
            members.setdefault(id(up), []).append(el)
            if id(el) in marked_ids or id(el) in heads:
                inner[id(up)].add(-1)   # holds another note outright
    return {key for key, held in inner.items() if -1 in held or len(held) >= 2}, members


def _only_note(held: list[Element], notes: dict[int, RawNote]) -> RawNote | None:
    """The one note a linked wrapper holds (InDesign's ``aside`` around its ``p.Footnote``)."""
    inside = {id(notes[el.order]): notes[el.order] for el in held if el.order in notes}
    return next(iter(inside.values())) if len(inside) == 1 else None


def _holders(tree: TreeBuilder, notes: dict[int, RawNote]) -> dict[int, RawNote]:
    """For every element, the note element it is or sits in (one pass over the tree)."""
    found: dict[int, RawNote] = {}
    for el in walk(tree.root):
        note = notes.get(el.order)
        if note is not None and note.element is el:
            found[id(el)] = note
        elif el.parent is not None and id(el.parent) in found:
            found[id(el)] = found[id(el.parent)]
    return found


def _is_head(el: Element) -> bool:
    """A link target that prints only the note's label: a ``<dt>`` of a note list, or a
    block whose whole text is a label such as Texinfo's ``<h5>(1)</h5>``."""
    if el.tag == "dt":
        return True
    text = el.text().strip()
    return el.tag in BLOCKS and bool(text) and is_label(text) and _next_sibling(el) is not None


def _next_sibling(el: Element) -> Element | None:
    siblings = el.parent.children if el.parent is not None and el.index >= 0 else []
    return next((siblings[k] for k in range(el.index + 1, len(siblings)) if isinstance(siblings[k], Element)), None)


def _body(head: Element, heads: set[int]) -> Element:
    """The note a label-only *head* starts: the head and the blocks after it, up to the next
    head, heading or rule."""
    siblings = head.parent.children if head.parent is not None and head.index >= 0 else [head]
    kept = [head]
    for k in range(head.index + 1, len(siblings)):
        child = siblings[k]
        if isinstance(child, Element) and (id(child) in heads or child.tag in _HEADINGS
                                           or child.tag in ("hr", "dt", head.tag)):
            break
        kept.append(child)
    return Element("#note", {"id": head.attrs.get("id", "")}, head.parent, head.order, kept)


def _fragment(href: str, tree: TreeBuilder) -> str:
    """The id a link points to in this document: ``#fn1``; ``chapter.xhtml#fn1`` (InDesign
    names its own file) when this document has that id; the last part of Sphinx
    singlehtml's ``#document-demo#cit2002``."""
    path, _, name = href.strip().partition("#")
    if not name or (path and (re.match(r"[a-z][a-z0-9+.-]*:", path, re.I) or name not in tree.ids)):
        return ""
    if name not in tree.ids and "#" in name:
        name = name.rsplit("#", 1)[1]
    return name


def _resolve(anchor: Element, name: str, ctx: _Context) -> Element | None:
    """The element *anchor* links to. Where chapters joined in one page repeat an id: the
    one around the link (a heading's own link), else one that is no link itself (a note, not
    another chapter's marker), the nearest to the link in document order; among the
    ``SCAN_IDS`` nearest on each side, so that 100,000 links to one id stay linear."""
    found = ctx.tree.ids.get(name, [])
    if len(found) <= 2:
        found = [el for el in found if el is not anchor]
        if len(found) <= 1:
            return found[0] if found else None
    orders = ctx.orders(name)
    at = bisect.bisect_left(orders, anchor.order)
    near = [el for el in found[max(0, at - SCAN_IDS):at + SCAN_IDS] if el is not anchor]
    around = [el for el in near if el.holds(anchor)]
    if around:
        return around[-1]
    plain = [el for el in near if not (el.tag == "a" and el.attrs.get("href"))] or near
    return min(plain, key=lambda el: abs(el.order - anchor.order)) if plain else None


def _ref_target(anchor: Element, ctx: _Context) -> Element | None:
    name = _fragment(anchor.attrs.get("href", ""), ctx.tree)
    if anchor.tag != "a" or not name or id(anchor) in ctx.code:
        return None
    target = _resolve(anchor, name, ctx)
    text = anchor.text().strip()
    if target is None or _BACKLINK.match(text or "^") or target.holds(anchor) or id(anchor) in ctx.back:
        return None
    if target.tag == "a" and _links_to(target, anchor) and \
            (target.order < anchor.order or id(anchor) in ctx.in_note):
        return None   # the note's own label linking back to its marker ("[1]" both ways)
    if target.order < anchor.order and not text_before(anchor).strip():
        return None   # a note's label linking back up to its marker (Gutenberg's "[1]")
    if target.tag == "a":   # a named anchor inside the note: the note is its block ...
        if text_before(target).strip() and not _REF_WORDS.search(anchor.semantics()):
            return None   # ... which starts there: one inside running text marks a page or a place
        target = _block_of(target)
    if target.tag in _HEADINGS and not _is_head(target):
        return None   # a cross-reference to a section
    sem = anchor.semantics() + " " + (anchor.parent.semantics() if anchor.parent else "")
    label = clean_label(text)
    if (_REF_WORDS.search(sem) or _CITATION_WORDS.search(target.semantics())) and 0 < len(label) <= MAX_REF_LABEL:
        return target   # a link marked as a reference, or any short link to a citation
    if is_label(text) and (_looks_like_marker(anchor) or _note_like(target, anchor)):
        return target
    return None


class _Context:
    """What every link asks of the elements around it, read in one pass over the tree:
    ``code`` (inside a code listing: a line number linking to its line is no marker),
    ``in_note`` (inside an element marked as a note or citation: a backlink's place) and
    ``back`` (marked as a link back, itself or through the inline element around it)."""

    def __init__(self, tree: TreeBuilder) -> None:
        self.tree = tree
        self.code: set[int] = set()
        self.in_note: set[int] = set()
        self.back: set[int] = set()
        self._orders: dict[str, list[int]] = {}
        for el in walk(tree.root):
            up = el.parent
            if up is None:
                continue
            sem = el.semantics()
            if id(up) in self.code or is_code(el):
                self.code.add(id(el))
            if id(up) in self.in_note or _NOTE_WORDS.search(up.semantics()) or _CITATION_WORDS.search(up.semantics()):
                self.in_note.add(id(el))
            if _BACK_WORDS.search(sem) or (up.tag not in BLOCKS and id(up) in self.back):
                self.back.add(id(el))

    def orders(self, name: str) -> list[int]:
        if name not in self._orders:
            self._orders[name] = [el.order for el in self.tree.ids.get(name, [])]
        return self._orders[name]


def _note_like(target: Element, anchor: Element) -> bool:
    """A bare label link (Markdown's ``[1](#f1)``) to a list item or paragraph further on:
    a note, not a cross-reference to a heading or a section."""
    return target.order > anchor.order and target.tag in _NOTE_TAGS \
        and bool(text_before(anchor).strip())


def _links_to(source: Element, anchor: Element) -> bool:
    names = {anchor.attrs.get("id"), anchor.attrs.get("name")} - {None, ""}
    return source.attrs.get("href", "")[1:] in names


def _block_of(el: Element) -> Element:
    block = el
    while block.parent is not None and block.tag not in BLOCKS:
        block = block.parent
    return block


def _looks_like_marker(anchor: Element) -> bool:
    """A bare label link: superscript (around it or inside it), or bracketed text."""
    if any(el.tag == "sup" for el in walk(anchor)):
        return True
    el = anchor
    while el is not None and el.tag not in BLOCKS:
        if el.tag == "sup":
            return True
        el = el.parent
    return anchor.text().strip().startswith("[")


def _marker_element(anchor: Element) -> Element:
    """The element whose position stands for the marker: the anchor, or its ``<sup>``."""
    if anchor.attrs.get("id"):
        return anchor
    parent = anchor.parent
    if parent is not None and anchor.index > 0:   # Gutenberg: <a id="FNanchor_3_3"></a><a href="#Footnote_3_3">[3]</a>
        k = anchor.index - 1
        while k > 0 and isinstance(parent.children[k], str) and not parent.children[k].strip():
            k -= 1
        before = parent.children[k]
        if isinstance(before, Element) and before.tag == "a" and before.attrs.get("id") and not before.text().strip():
            return before
    if parent is not None and parent.tag == "sup":
        return parent
    return anchor


def _finish_note(note: RawNote, marker_ids: set[str], markers: set[int]) -> None:
    """Give *note* its text: the element's text without backlinks, label and their remnants.
    A link that is itself a marker (a note citing another note) stays."""
    def skip(child: Element) -> bool:
        if _BACK_WORDS.search(child.semantics()):
            return True
        if child.tag != "a" or id(child) in markers:
            return False
        text = child.text().strip()
        return child.attrs.get("href", "")[1:] in marker_ids or _BACKLINK.match(text or "^") is not None
    text = _trim(re.sub(r"\s+", " ", note.element.text(skip, spaced=True)))
    if not note.label:
        note.label = _leading_label(text) or list_number(note.element)
    note.text = _trim(strip_label(text, note.label)) if note.label else text


def _trim(text: str) -> str:
    """*text* without what dropped backlinks leave at its ends ("[]", "(, )", "↩")."""
    return _REMNANT_TAIL.sub("", _REMNANT_HEAD.sub("", text.strip()))


def _leading_label(text: str) -> str:
    n = MAX_REF_LABEL
    match = re.match(rf"^(?:\[([^\]\s]{{1,{n}}})\]|\(([^)\s]{{1,{n}}})\)|"
                     rf"(\d{{1,4}}|{SYMBOL_LABEL})[.)]?\s)", text)
    return next((g for g in match.groups() if g), "") if match else ""


def _words(el: Element) -> str:
    return " ".join(w for w in el.semantics().split() if _NOTE_WORDS.search(w))


def _marker_word(anchor: Element) -> str:
    return "noteref" if _REF_WORDS.search(anchor.semantics()) else "label"


def _kind(el: Element) -> str:
    return "endnote" if re.search(r"endnote|rearnote", el.semantics(), re.I) else "footnote"
