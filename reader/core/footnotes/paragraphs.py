"""Notes written as paragraphs: Markdown's ``<sup>1</sup> Text`` after ``---``, symbol
paragraphs (``* Reissued ...``), plain ``1 Text`` / ``[1] Text`` paragraphs or lines when the
body has ``[1]`` markers, and numbered lists under a "Notes" heading.
"""
from __future__ import annotations

import bisect
import re

from reader.core.footnotes.limits import LEAD_CHARS, MARKED_SHARE, MIN_RUN
from reader.core.footnotes.text import SYMBOL_LABEL, clean_label, consecutive_run, is_label
from reader.core.footnotes.tree import Element, RawMarker, RawNote, TreeBuilder, text_before, walk

_GUTENBERG_NOTE = re.compile(rf"^\[(?:Footnote|Note)\s+([0-9]{{1,4}}|[A-Za-z]{{1,2}}|{SYMBOL_LABEL})\s*:\s*(.+?)\]?$", re.S)
#: a paragraph that starts with a symbol label ("* Reissued ...", "¶ See ..."); "#" is left out:
#: in Markdown and text it starts a heading or a number ("# 1"), not a note; nor is "§ 12" (a section)
_SYMBOL_NOTE = re.compile(rf"^\\?((?!#){SYMBOL_LABEL})\s+(?!\d)(\S.*)$", re.S)
_BRACKET_NOTE = re.compile(r"^\[([0-9]{1,4}|[A-Za-z])\]\s+(\S.*)$", re.S)
_PLAIN_NOTE = re.compile(r"^\[?(\d{1,3})[\].]?\s+([^\W\d].*)$", re.S)
_NOTES_HEADING = re.compile(r"^(?:foot|end)?notes?$|^notes and references$", re.I)
_UNICODE_SUP = re.compile(r"^([\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,4})\s*")
#: classes of code listings and their line-number columns (Pygments, Sphinx, docutils, pandoc)
_CODE_CLASSES = re.compile(r"\b(?:highlight\S*|linenos?|linenodiv|lineno|ln|sourceCode|literal-block)\b")
_LITERAL_SUP = re.compile(r"<sup>\s*([^<\s]{1,6})\s*</sup>", re.I)


def by_paragraphs(tree: TreeBuilder) -> tuple[list[RawNote], list]:
    """Markdown-style notes: paragraphs that start with a label, and the markers in the body."""
    notes, markers = [], []
    for para in walk(tree.root):
        if para.tag in ("td", "th") and not any(isinstance(c, Element) and c.tag == "p" for c in para.children):
            markers.extend(_paragraph_markers(para, None))   # a table's "14<sup>b</sup>": markers only
            continue
        if para.tag not in ("p", "li") or any(isinstance(c, Element) and c.tag == "p" for c in para.children) \
                or _inside_code(para, tree.root):
            continue
        found = _note_lines(para) or [_note_paragraph(para)]
        notes.extend(n for n in found if n is not None)
        markers.extend(_paragraph_markers(para, found[0]))
    listed = _listed_notes(tree, {m.label for m in markers})
    taken = {id(n.element) for n in listed}
    notes = [n for n in _keep_plain_runs(_keep_bracketed(notes, markers), markers)
             if id(n.element) not in taken] + listed
    notes.sort(key=lambda n: n.element.order)
    return notes, _pair(notes, markers)


def is_code(el: Element) -> bool:
    """A code listing: its line numbers ("1 rows = ...") and indexes ("rows[1]") are no notes
    or markers. Inline ``<code>`` in a sentence stays text."""
    return el.tag == "pre" or bool(_CODE_CLASSES.search(el.attrs.get("class", "")))


def _inside_code(el: Element, top: Element) -> bool:
    while el is not None and el is not top:
        if is_code(el):
            return True
        el = el.parent
    return False


def _note_paragraph(para: Element) -> RawNote | None:
    first = next((c for c in para.children if not (isinstance(c, str) and not c.strip())), None)
    text = re.sub(r"\s+", " ", para.text(is_code)).strip()
    if isinstance(first, Element) and first.tag == "sup" and is_label(first.text()):
        label = clean_label(first.text())
        rest = text[len(first.text().strip()):].strip()
        return RawNote(label, rest, para, "paragraph starts with a superscript label") if rest else None
    match = _LITERAL_SUP.match(text)
    if match and is_label(match.group(1)) and text[match.end():].strip():
        return RawNote(clean_label(match.group(1)), text[match.end():].strip(), para,
                       "paragraph starts with a <sup> label")
    match = _SYMBOL_NOTE.match(text)
    if match:
        return RawNote(match.group(1), match.group(2), para, "paragraph starts with a symbol label")
    match = _UNICODE_SUP.match(text)
    if match and text[match.end():].strip():
        return RawNote(clean_label(match.group(1)), text[match.end():].strip(), para,
                       "paragraph starts with a superscript-digit label")
    match = _GUTENBERG_NOTE.match(text)
    if match:
        return RawNote(match.group(1), match.group(2).strip(), para, "bracketed: a [Footnote N: ...] paragraph")
    match = _BRACKET_NOTE.match(text)
    if match and not match.group(1).isdigit():
        return RawNote(match.group(1), match.group(2).strip(), para, "bracketed: paragraph starts with [A]")
    match = _PLAIN_NOTE.match(text)
    if match:
        return RawNote(match.group(1), match.group(2), para, "plain: paragraph starts with a number",
                       bracketed=text.startswith("["))
    return None


def _note_lines(para: Element) -> list[RawNote]:
    """Several notes in one paragraph, one per line ("1 Text\\n2 Text"), as in plain text."""
    text = para.text(is_code)
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    starts = [i for i, ln in enumerate(lines) if _PLAIN_NOTE.match(ln)]
    if len(starts) < 2 or starts[0] != 0:
        return []
    notes = []
    for k, i in enumerate(starts):
        chunk = " ".join(lines[i:starts[k + 1] if k + 1 < len(starts) else len(lines)])
        match = _PLAIN_NOTE.match(chunk)
        notes.append(RawNote(match.group(1), match.group(2), para, "plain: line starts with a number",
                             bracketed=chunk.startswith("[")))
    labels = [int(n.label) for n in notes]
    return notes if labels == list(range(labels[0], labels[0] + len(labels))) else []


def _paragraph_markers(para: Element, note: RawNote | None) -> list[RawMarker]:
    found = []
    first_sup = note is not None and note.reason.startswith("paragraph starts with a superscript")
    for el in walk(para):
        if _inside_code(el, para):
            continue
        href = el.attrs.get("href", "")
        if el.tag == "a" and href.startswith("#") and len(href) > 1 and is_label(el.text()) and note is None:
            # a label link whose target is no note (Markdown's "[1](#f1)" to a bare list item)
            lead = (text_before(el).split() or [""])[-1][-LEAD_CHARS:]
            found.append(RawMarker(clean_label(el.text()), el, target=href[1:], lead=lead,
                                   printed=el.text().strip()))
        if el.tag == "sup" and is_label(el.text()):
            if first_sup:
                first_sup = False
                continue
            found.append(RawMarker(clean_label(el.text()), el))
    text = para.text(is_code)
    skip_first = note is not None and "<sup>" in note.reason
    for match in _LITERAL_SUP.finditer(text):
        if skip_first:
            skip_first = False
            continue
        if is_label(match.group(1)):
            found.append(RawMarker(clean_label(match.group(1)), para, literal=match.group(0)))
    # a note's own "[3]" label is no marker: at the paragraph's start, or at a line's start
    # when the paragraph holds one note per line
    skip_first = note is not None and (note.reason.startswith("bracketed") or note.bracketed)
    per_line = note is not None and note.reason.startswith("plain: line")
    # "[3]", "[A]" or "[a]"; not an editor's "[a]nd"
    for match in re.finditer(r"(?:(?<=[\s\w.,;:)\]!?\u201d'\"])|^)\[(\d{1,3}|[A-Za-z])\](?![A-Za-z])", text):
        if skip_first and not text[:match.start()].strip():
            continue
        if per_line and text[:match.start()].rstrip(" \t").endswith("\n"):
            continue
        found.append(RawMarker(match.group(1), para, literal=match.group(0)))
    skip_first = note is not None and "superscript-digit" in note.reason
    for match in re.finditer(r"[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+", text):
        if skip_first:
            skip_first = False
            continue
        label = clean_label(match.group(0))
        for part in consecutive_run(label) if len(label) > 1 else [label]:   # "²³⁴": notes 2, 3, 4
            found.append(RawMarker(part, para, literal=match.group(0)))
        if len(label) > 1 and not consecutive_run(label):
            found.append(RawMarker(label, para, literal=match.group(0)))
    return found


def _keep_bracketed(notes: list[RawNote], markers: list[RawMarker]) -> list[RawNote]:
    """Gutenberg's "[A] Text" notes count only when a "[A]" marker comes before them."""
    first_marker: dict[str, int] = {}
    for m in markers:
        if m.literal.startswith("[") and m.element is not None:
            first_marker.setdefault(m.label, m.element.order)
    return [n for n in notes if n.reason != "bracketed: paragraph starts with [A]"
            or first_marker.get(n.label, n.element.order + 1) < n.element.order]


def _keep_plain_runs(notes: list[RawNote], markers: list[RawMarker]) -> list[RawNote]:
    """Plain "N Text" paragraphs count only as a numbered run whose labels have markers outside
    the run, at least half of them before their note: notes follow their markers, while a table of contents
    ("1. Of Truth") or numbered paragraphs come before or without them. Where a run is printed
    "[N] Text" like its "[N]" markers, a run printed otherwise over the same labels is no note run.
    """
    first: dict[str, int] = {}
    holders = {id(n.element) for n in notes if n.reason.startswith("plain")}
    for m in markers:
        if m.element is not None and id(m.element) in holders:
            continue   # "rows[1]" inside the numbered lines themselves refers to no note
        if m.literal.startswith("[") or _UNICODE_SUP.match(m.literal) or m.target:
            order = m.element.order if m.element is not None else 0
            first[m.label] = min(first.get(m.label, order), order)
    runs: list[list[RawNote]] = []
    run: list[RawNote] = []
    for note in [n for n in notes if n.reason.startswith("plain")] + [None]:
        if note is not None and run and int(note.label) == int(run[-1].label) + 1:
            run.append(note)
            continue
        after = sum(first.get(n.label, n.element.order + 1) <= n.element.order for n in run)
        if len(run) >= MIN_RUN and after >= MARKED_SHARE * len(run):
            runs.append(run)
        run = [note] if note is not None and note.label == "1" else []
    bracketed = [r for r in runs if all(n.bracketed for n in r)]
    if bracketed and any(m.literal.startswith("[") for m in markers):
        labels = {n.label for r in bracketed for n in r}
        runs = [r for r in runs if r in bracketed or not labels & {n.label for n in r}]
    keep = {id(n) for r in runs for n in r}
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
        return ("bracket", "sup")   # "[3]" or "³" in the text
    if note.reason.startswith("bracketed"):
        return ("bracket",)
    if note.reason.startswith("list item") or "superscript-digit" in note.reason:
        return ("bracket", "sup")
    return ("sup",)


def _listed_notes(tree: TreeBuilder, marked: set[str]) -> list[RawNote]:
    """Items of an ordered list under a "Notes" heading, or after a rule when the body
    has markers for at least half of them."""
    notes = []
    for ol in walk(tree.root):
        if ol.tag != "ol":
            continue
        before = _previous(ol)
        heading = _NOTES_HEADING.match(re.sub(r"\s+", " ", before.text()).strip()) if before is not None else None
        items = [(list_number(li), li) for li in ol.children if isinstance(li, Element) and li.tag == "li"]
        after_rule = before is not None and before.tag == "hr" and \
            2 * sum(label in marked for label, _li in items) >= len(items)
        if not (heading or after_rule):
            continue
        kind = "endnote" if heading and "end" in heading.group(0).lower() else "footnote"
        why = "list item under a notes heading" if heading else "list item after a rule, with markers"
        for label, li in items:
            text = re.sub(r"\s+", " ", li.text()).strip()
            if text:
                notes.append(RawNote(label, text, li, why, kind))
    return notes


def _previous(el: Element) -> Element | None:
    parent = el.parent
    if parent is None:
        return None
    siblings = [c for c in parent.children if isinstance(c, Element)]
    i = siblings.index(el)
    return siblings[i - 1] if i else None


def list_number(el: Element) -> str:
    """The number an ``<li>`` shows in its ``<ol>`` (honouring ``start``)."""
    parent = el.parent
    if el.tag != "li" or parent is None or parent.tag != "ol":
        return ""
    items = [c for c in parent.children if isinstance(c, Element) and c.tag == "li"]
    start = int(parent.attrs.get("start", "1")) if parent.attrs.get("start", "1").isdigit() else 1
    return str(start + items.index(el))
