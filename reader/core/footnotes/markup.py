"""Notes and markers in HTML, XHTML and the HTML of laid-out Markdown and text.

Evidence, strongest first: explicit semantics (``epub:type="noteref"``/``"footnote"``,
``role="doc-noteref"``, ``type="noteref"``, ``class="footnote-item"``, an ``<a href="#fn1">``
whose text is a label), then note paragraphs that start with a ``<sup>`` label (the seed's
style), symbol paragraphs (``* Reissued ...``), and plain ``N Text`` paragraphs when the body
has matching ``[N]`` markers. Element ids and document order are kept, so the caller can
place each note and marker on a page.
"""
from __future__ import annotations

import re

from reader.core.citations.urls import find_urls
from reader.core.footnotes.paragraphs import by_paragraphs, list_number
from reader.core.footnotes.text import clean_label, is_label, strip_label
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

_NOTE_WORDS = re.compile(r"\b(?:doc-)?(?:foot|end|rear)note\b", re.I)
_REF_WORDS = re.compile(r"\b(?:doc-)?noteref\b|\bfootnote-ref\b|\bfnanchor\b", re.I)
_BACKLINK = re.compile(r"^[\u2191\u21a9\ufe0e\u2934^\s]+$|^(?:back|return)\b", re.I)

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
    notes: dict[int, RawNote] = {}
    pairs = []
    for el in walk(tree.root):
        if _is_note_element(el):
            notes.setdefault(el.order, RawNote("", "", el, f"{el.tag} marked {_words(el)}", _kind(el)))
    anchors = []
    for anchor in walk(tree.root):
        target = _ref_target(anchor, tree)
        if target is None:
            continue
        anchors.append(anchor)
        holder = _note_holding(target, notes)
        if holder is not None:
            target = holder.element   # a named anchor inside a note marked as one
        note = notes.get(target.order)
        if note is None:
            note = RawNote("", "", target, f"target of a {_marker_word(anchor)} link", _kind(target))
            notes[target.order] = note
        label = clean_label(anchor.text())
        note.label = note.label or label
        element = _marker_element(anchor)
        lead = "" if element.attrs.get("id") else (text_before(anchor).split() or [""])[-1][-12:]
        pairs.append((RawMarker(label, element, target=target.attrs.get("id", ""),
                                lead=lead, printed=anchor.text().strip()), note))
    marker_ids = {m.element.attrs.get(k) for m, _n in pairs if m.element is not None for k in ("id", "name")} | \
        {a.attrs.get(k) for a in anchors for k in ("id", "name")}
    marker_ids -= {None, ""}
    ordered = sorted(notes.values(), key=lambda n: n.element.order)
    for note in ordered:
        _finish_note(note, marker_ids)
    return [n for n in ordered if n.text], pairs


def _is_note_element(el: Element) -> bool:
    sem = el.semantics()
    return el.tag not in ("a", "sup", "span", "ol", "ul") and bool(_NOTE_WORDS.search(sem)) \
        and not _REF_WORDS.search(sem) and "backref" not in sem


def _ref_target(anchor: Element, tree: TreeBuilder) -> Element | None:
    href = anchor.attrs.get("href", "")
    if anchor.tag != "a" or not href.startswith("#") or len(href) < 2:
        return None
    target = tree.by_id.get(href[1:])
    text = anchor.text().strip()
    if target is None or _BACKLINK.match(text or "^") or _is_inside(anchor, target):
        return None
    if target.tag == "a" and target.order < anchor.order and _links_to(target, anchor):
        return None   # the note's own label linking back to its marker ("[1]" both ways)
    if target.order < anchor.order and not text_before(anchor).strip():
        return None   # a note's label linking back up to its marker (Gutenberg's "[1]")
    if target.tag == "a":   # a named anchor inside the note: the note is its block
        target = _block_of(target)
    sem = anchor.semantics() + " " + (anchor.parent.semantics() if anchor.parent else "")
    if _REF_WORDS.search(sem) or (is_label(text) and (_looks_like_marker(anchor) or _note_like(target, anchor))):
        return target
    return None


def _note_like(target: Element, anchor: Element) -> bool:
    """A bare label link (Markdown's ``[1](#f1)``) to a list item or paragraph further on:
    a note, not a cross-reference to a heading or a section."""
    return target.order > anchor.order and target.tag in ("li", "p", "div", "aside", "dd") \
        and bool(text_before(anchor).strip())


def _note_holding(el: Element, notes: dict[int, RawNote]) -> RawNote | None:
    while el is not None:
        if el.order in notes:
            return notes[el.order]
        el = el.parent
    return None


def _links_to(source: Element, anchor: Element) -> bool:
    names = {anchor.attrs.get("id"), anchor.attrs.get("name")} - {None, ""}
    return source.attrs.get("href", "")[1:] in names


def _block_of(el: Element) -> Element:
    block = el
    while block.parent is not None and block.tag not in BLOCKS:
        block = block.parent
    return block


def _looks_like_marker(anchor: Element) -> bool:
    """A bare label link: superscript, or bracketed/short text inside running text."""
    el = anchor
    while el is not None and el.tag not in BLOCKS:
        if el.tag == "sup":
            return True
        el = el.parent
    return anchor.text().strip().startswith("[")


def _is_inside(el: Element, ancestor: Element) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.parent
    return False


def _marker_element(anchor: Element) -> Element:
    """The element whose position stands for the marker: the anchor, or its ``<sup>``."""
    if anchor.attrs.get("id"):
        return anchor
    parent = anchor.parent
    if parent is not None:   # Gutenberg: <a id="FNanchor_3_3"></a><a href="#Footnote_3_3">[3]</a>
        siblings = [c for c in parent.children if not (isinstance(c, str) and not c.strip())]
        i = next(k for k, c in enumerate(siblings) if c is anchor)
        before = siblings[i - 1] if i else None
        if isinstance(before, Element) and before.tag == "a" and before.attrs.get("id") and not before.text().strip():
            return before
    if parent is not None and parent.tag == "sup":
        return parent
    return anchor


def _finish_note(note: RawNote, marker_ids: set[str]) -> None:
    def skip(child: Element) -> bool:
        if "backlink" in child.semantics().lower():
            return True
        if child.tag != "a":
            return False
        text = child.text().strip()
        back = child.attrs.get("href", "")[1:] in marker_ids or "back" in child.semantics()
        return back or _BACKLINK.match(text or "^") is not None
    text = re.sub(r"\s+", " ", note.element.text(skip)).strip().lstrip("^\u2191\u21a9\ufe0e ")
    if not note.label:
        note.label = _leading_label(text) or list_number(note.element)
    note.text = strip_label(text, note.label) if note.label else text


def _leading_label(text: str) -> str:
    match = re.match(r"^\[?(\d{1,4}|[*\u2020\u2021\u00a7]{1,3})[\].)]?\s", text)
    return match.group(1) if match else ""


def _words(el: Element) -> str:
    return " ".join(w for w in el.semantics().split() if _NOTE_WORDS.search(w))


def _marker_word(anchor: Element) -> str:
    return "noteref" if _REF_WORDS.search(anchor.semantics()) else "label"


def _kind(el: Element) -> str:
    return "endnote" if re.search(r"endnote|rearnote", el.semantics(), re.I) else "footnote"
