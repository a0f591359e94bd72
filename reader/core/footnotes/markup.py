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
from dataclasses import dataclass, field
from html.parser import HTMLParser

from reader.core.footnotes.text import clean_label, is_label, is_symbol, strip_label

_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"}
_BLOCKS = {"p", "li", "div", "aside", "section", "blockquote", "dd", "dt", "td", "th",
           "h1", "h2", "h3", "h4", "h5", "h6", "footer", "body", "table", "ol", "ul", "pre"}
_NOTE_WORDS = re.compile(r"\b(?:doc-)?(?:foot|end|rear)note\b", re.I)
_REF_WORDS = re.compile(r"\b(?:doc-)?noteref\b|\bfootnote-ref\b", re.I)
_BACKLINK = re.compile(r"^[\u2191\u21a9\ufe0e\u2934^\s]+$|^(?:back|return)\b", re.I)
_PLAIN_NOTE = re.compile(r"^\[?(\d{1,3})[\].]?\s+([^\W\d].*)$", re.S)
_NOTES_HEADING = re.compile(r"^(?:foot|end)?notes?$|^notes and references$", re.I)
_LITERAL_SUP = re.compile(r"<sup>\s*([^<\s]{1,6})\s*</sup>", re.I)


@dataclass
class Element:
    tag: str
    attrs: dict
    parent: Element | None
    order: int
    children: list = field(default_factory=list)   # Element or str

    def text(self, skip=None) -> str:
        """The text inside, in order; *skip(element)* leaves an element out. Not recursive,
        so 10,000 nested elements cost no stack."""
        out, stack = [], [iter(self.children)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif isinstance(child, str):
                out.append(child)
            elif skip is None or not skip(child):
                stack.append(iter(child.children))
        return "".join(out)

    def semantics(self) -> str:
        a = self.attrs
        return " ".join(a.get(k, "") for k in ("epub:type", "type", "role", "class"))


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None, 0)
        self.stack = [self.root]
        self.count = 0
        self.by_id: dict[str, Element] = {}

    def handle_starttag(self, tag, attrs):
        self.count += 1
        el = Element(tag, {k: v or "" for k, v in attrs}, self.stack[-1], self.count)
        self.stack[-1].children.append(el)
        if el.attrs.get("id"):
            self.by_id.setdefault(el.attrs["id"], el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


@dataclass
class RawNote:
    label: str
    text: str
    element: Element
    reason: str
    kind: str = "footnote"


@dataclass
class RawMarker:
    label: str
    element: Element | None     # the sup/a element, or the block holding a literal marker
    literal: str = ""           # printed form to search for ("[1]", "<sup>1</sup>")
    target: str = ""            # id the marker links to


def parse(html: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder


def walk(el: Element):
    """*el* and every element inside it, in document order (iterative)."""
    stack = [el]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in reversed(node.children) if isinstance(c, Element))


def find(html: str) -> tuple[list[RawNote], list[tuple[RawMarker, RawNote | None]]]:
    """Notes and (marker, note) pairs in *html*; a marker whose note is unknown pairs with None."""
    tree = parse(html)
    notes, pairs = _linked(tree)
    if notes:
        return notes, pairs
    return _by_paragraphs(tree)


def _linked(tree: _TreeBuilder) -> tuple[list[RawNote], list]:
    """Notes named by their markup or by a link from a label-like marker."""
    notes: dict[int, RawNote] = {}
    pairs = []
    for el in walk(tree.root):
        if _is_note_element(el):
            notes.setdefault(el.order, RawNote("", "", el, f"{el.tag} marked {_words(el)}", _kind(el)))
    for anchor in walk(tree.root):
        target = _ref_target(anchor, tree)
        if target is None:
            continue
        note = notes.get(target.order)
        if note is None:
            note = RawNote("", "", target, f"target of a {_marker_word(anchor)} link", _kind(target))
            notes[target.order] = note
        label = clean_label(anchor.text())
        note.label = note.label or label
        pairs.append((RawMarker(label, _marker_element(anchor), target=target.attrs.get("id", "")), note))
    marker_ids = {m.element.attrs.get("id") for m, _n in pairs if m.element is not None} | \
        {a.attrs.get("id") for a in walk(tree.root) if a.tag == "a" and _ref_target(a, tree) is not None}
    marker_ids.discard(None)
    marker_ids.discard("")
    ordered = sorted(notes.values(), key=lambda n: n.element.order)
    for note in ordered:
        _finish_note(note, marker_ids)
    return [n for n in ordered if n.text], pairs


def _is_note_element(el: Element) -> bool:
    sem = el.semantics()
    return el.tag not in ("a", "sup", "span", "ol", "ul") and bool(_NOTE_WORDS.search(sem)) \
        and not _REF_WORDS.search(sem) and "backref" not in sem


def _ref_target(anchor: Element, tree: _TreeBuilder) -> Element | None:
    href = anchor.attrs.get("href", "")
    if anchor.tag != "a" or not href.startswith("#") or len(href) < 2:
        return None
    target = tree.by_id.get(href[1:])
    text = anchor.text().strip()
    if target is None or _BACKLINK.match(text or "^") or _is_inside(anchor, target):
        return None
    sem = anchor.semantics() + " " + (anchor.parent.semantics() if anchor.parent else "")
    if _REF_WORDS.search(sem) or (is_label(text) and _looks_like_marker(anchor)):
        return target
    return None


def _looks_like_marker(anchor: Element) -> bool:
    """A bare label link: superscript, or bracketed/short text inside running text."""
    el = anchor
    while el is not None and el.tag not in _BLOCKS:
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
        note.label = _leading_label(text) or _list_number(note.element)
    note.text = strip_label(text, note.label) if note.label else text


def _leading_label(text: str) -> str:
    match = re.match(r"^\[?(\d{1,4}|[*\u2020\u2021\u00a7]{1,3})[\].)]?\s", text)
    return match.group(1) if match else ""


def _list_number(el: Element) -> str:
    parent = el.parent
    if el.tag != "li" or parent is None or parent.tag != "ol":
        return ""
    items = [c for c in parent.children if isinstance(c, Element) and c.tag == "li"]
    start = int(parent.attrs.get("start", "1")) if parent.attrs.get("start", "1").isdigit() else 1
    return str(start + items.index(el))


def _words(el: Element) -> str:
    return " ".join(w for w in el.semantics().split() if _NOTE_WORDS.search(w))


def _marker_word(anchor: Element) -> str:
    return "noteref" if _REF_WORDS.search(anchor.semantics()) else "label"


def _kind(el: Element) -> str:
    return "endnote" if re.search(r"endnote|rearnote", el.semantics(), re.I) else "footnote"


def _by_paragraphs(tree: _TreeBuilder) -> tuple[list[RawNote], list]:
    """Markdown-style notes: paragraphs that start with a label, and the markers in the body."""
    notes, markers = [], []
    for para in walk(tree.root):
        if para.tag not in ("p", "li") or any(isinstance(c, Element) and c.tag == "p" for c in para.children):
            continue
        found = _note_lines(para) or [_note_paragraph(para)]
        notes.extend(n for n in found if n is not None)
        markers.extend(_paragraph_markers(para, found[0]))
    listed = _listed_notes(tree)
    taken = {id(n.element) for n in listed}
    notes = [n for n in _keep_plain_runs(notes, markers) if id(n.element) not in taken] + listed
    notes.sort(key=lambda n: n.element.order)
    return notes, _pair(notes, markers)


def _note_paragraph(para: Element) -> RawNote | None:
    first = next((c for c in para.children if not (isinstance(c, str) and not c.strip())), None)
    text = re.sub(r"\s+", " ", para.text()).strip()
    if isinstance(first, Element) and first.tag == "sup" and is_label(first.text()):
        label = clean_label(first.text())
        rest = text[len(first.text().strip()):].strip()
        return RawNote(label, rest, para, "paragraph starts with a superscript label") if rest else None
    match = _LITERAL_SUP.match(text)
    if match and is_label(match.group(1)) and text[match.end():].strip():
        return RawNote(clean_label(match.group(1)), text[match.end():].strip(), para,
                       "paragraph starts with a <sup> label")
    match = re.match(r"^\\?(\*{1,3}|\u2020{1,2}|\u2021{1,2}|\u00a7)\s+(\S.*)$", text)
    if match:
        return RawNote(match.group(1), match.group(2), para, "paragraph starts with a symbol label")
    match = _PLAIN_NOTE.match(text)
    if match:
        return RawNote(match.group(1), match.group(2), para, "plain: paragraph starts with a number")
    return None


def _note_lines(para: Element) -> list[RawNote]:
    """Several notes in one paragraph, one per line ("1 Text\\n2 Text"), as in plain text."""
    text = para.text()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    starts = [i for i, ln in enumerate(lines) if _PLAIN_NOTE.match(ln)]
    if len(starts) < 2 or starts[0] != 0:
        return []
    notes = []
    for k, i in enumerate(starts):
        chunk = " ".join(lines[i:starts[k + 1] if k + 1 < len(starts) else len(lines)])
        match = _PLAIN_NOTE.match(chunk)
        notes.append(RawNote(match.group(1), match.group(2), para, "plain: line starts with a number"))
    labels = [int(n.label) for n in notes]
    return notes if labels == list(range(labels[0], labels[0] + len(labels))) else []


def _paragraph_markers(para: Element, note: RawNote | None) -> list[RawMarker]:
    found = []
    first_sup = note is not None and note.reason.startswith("paragraph starts with a superscript")
    for el in walk(para):
        if el.tag == "sup" and is_label(el.text()):
            if first_sup:
                first_sup = False
                continue
            found.append(RawMarker(clean_label(el.text()), el))
    text = para.text()
    skip_first = note is not None and "<sup>" in note.reason
    for match in _LITERAL_SUP.finditer(text):
        if skip_first:
            skip_first = False
            continue
        if is_label(match.group(1)):
            found.append(RawMarker(clean_label(match.group(1)), para, literal=match.group(0)))
    for match in re.finditer(r"(?:(?<=[\s\w.,;:)])|^)\[(\d{1,3})\]", text):
        found.append(RawMarker(match.group(1), para, literal=match.group(0)))
    return found


def _keep_plain_runs(notes: list[RawNote], markers: list[RawMarker]) -> list[RawNote]:
    """Plain "N Text" paragraphs count only as a numbered run that has [N] markers."""
    bracketed = {m.label for m in markers if m.literal.startswith("[")}
    plain = [n for n in notes if n.reason.startswith("plain")]
    keep: set[int] = set()
    run: list[RawNote] = []
    for note in plain + [None]:
        if note is not None and run and int(note.label) == int(run[-1].label) + 1:
            run.append(note)
            continue
        if len(run) >= 2 and sum(n.label in bracketed for n in run) * 2 >= len(run):
            keep |= {id(n) for n in run}
        run = [note] if note is not None and note.label == "1" else []
    return [n for n in notes if not n.reason.startswith("plain") or id(n) in keep]


def _pair(notes: list[RawNote], markers: list[RawMarker]) -> list:
    """Give each marker the next note with its label (else the last one before it)."""
    index: dict[tuple[str, str], list[RawNote]] = {}
    for note in notes:   # notes are in document order
        for style in _styles(note):
            index.setdefault((note.label, style), []).append(note)
    orders = {key: [n.element.order for n in same] for key, same in index.items()}
    pairs = []
    for marker in markers:
        key = (marker.label, "bracket" if marker.literal.startswith("[") else "sup")
        same = index.get(key)
        if not same:
            continue
        order = marker.element.order if marker.element is not None else 0
        i = bisect.bisect_right(orders[key], order)
        pairs.append((marker, same[i] if i < len(same) else same[-1]))
    return pairs


def _styles(note: RawNote) -> tuple[str, ...]:
    """Which markers may point at *note*: "[3]" in running text, or superscripts."""
    if note.reason.startswith("plain"):
        return ("bracket",)
    if note.reason.startswith("list item"):
        return ("bracket", "sup")
    return ("sup",)


def _listed_notes(tree: _TreeBuilder) -> list[RawNote]:
    """Items of an ordered list under a "Notes" / "Endnotes" / "Footnotes" heading."""
    notes = []
    for ol in walk(tree.root):
        if ol.tag != "ol" or not _NOTES_HEADING.match(_previous_text(ol)):
            continue
        kind = "endnote" if "end" in _previous_text(ol).lower() else "footnote"
        for li in (c for c in ol.children if isinstance(c, Element) and c.tag == "li"):
            text = re.sub(r"\s+", " ", li.text()).strip()
            if text:
                notes.append(RawNote(_list_number(li), text, li, "list item under a notes heading", kind))
    return notes


def _previous_text(el: Element) -> str:
    parent = el.parent
    if parent is None:
        return ""
    siblings = [c for c in parent.children if isinstance(c, Element)]
    i = siblings.index(el)
    return re.sub(r"\s+", " ", siblings[i - 1].text()).strip() if i else ""


__all__ = ["find", "RawNote", "RawMarker", "Element", "is_symbol"]


def text_before(el: Element, limit: int = 200) -> str:
    """The running text just before *el* inside its block (to find a marker on a page)."""
    block = el.parent
    while block is not None and block.tag not in _BLOCKS:
        block = block.parent
    if block is None:
        return ""
    out: list[str] = []
    stack = [iter(block.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child is el:
            break
        elif isinstance(child, str):
            out.append(child)
        else:
            stack.append(iter(child.children))
    return "".join(out)[-limit:]
