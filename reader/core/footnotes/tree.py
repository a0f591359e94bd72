"""A small, forgiving HTML tree: elements with attributes, text, ids and document order.

Built with the standard library's HTMLParser (no network, no entities beyond HTML's own),
and walked without recursion, so hostile nesting costs no stack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from reader.core.footnotes.limits import CONTEXT_CHARS, SCAN_SIBLINGS

OPEN = 1 << 62
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"}
BLOCKS = {"p", "li", "div", "aside", "section", "blockquote", "dd", "dt", "td", "th",
          "h1", "h2", "h3", "h4", "h5", "h6", "footer", "body", "table", "ol", "ul", "pre"}


@dataclass
class Element:
    tag: str
    attrs: dict
    parent: Element | None
    order: int
    children: list = field(default_factory=list)   # Element or str
    index: int = -1          # position among its parent's children
    end: int = OPEN          # order of its last descendant (OPEN until the parser closes it)

    def holds(self, other: Element) -> bool:
        """Whether *other* is this element or inside it (by document order: no walk)."""
        return self.order <= other.order <= self.end

    def text(self, skip=None, *, spaced: bool = False) -> str:
        """The text inside, in order; *skip(element)* leaves an element out. With *spaced*,
        block elements (a table cell, a paragraph) are kept apart by a space, as a browser
        lays them out. Not recursive, so 10,000 nested elements cost no stack."""
        out, stack = [], [iter(self.children)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif isinstance(child, str):
                out.append(child)
            elif skip is None or not skip(child):
                if spaced and child.tag in BLOCKS:
                    out.append(" ")
                stack.append(iter(child.children))
        return "".join(out)

    def semantics(self) -> str:
        a = self.attrs
        return " ".join(a.get(k, "") for k in ("epub:type", "type", "role", "class"))


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None, 0)
        self.stack = [self.root]
        self.count = 0
        self.by_id: dict[str, Element] = {}
        #: every element carrying each id: a single-page manual made of chapters repeats them
        self.ids: dict[str, list[Element]] = {}

    def handle_starttag(self, tag, attrs):
        self.count += 1
        parent = self.stack[-1]
        el = Element(tag, {k: v or "" for k, v in attrs}, parent, self.count, index=len(parent.children))
        parent.children.append(el)
        name = el.attrs.get("id") or (el.attrs.get("name") if tag == "a" else "")  # old HTML: <a name>
        if name:
            self.by_id.setdefault(name, el)
            self.ids.setdefault(name, []).append(el)
        if tag not in _VOID:
            self.stack.append(el)
        else:
            el.end = el.order

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop().end = self.count

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                for el in self.stack[i:]:
                    el.end = self.count
                del self.stack[i:]
                return

    def close(self):
        super().close()
        for el in self.stack:
            el.end = self.count

    def handle_data(self, data):
        self.stack[-1].children.append(data)


@dataclass
class RawNote:
    label: str
    text: str
    element: Element
    reason: str
    kind: str = "footnote"
    bracketed: bool = False     # its label is printed in brackets ("[3] Text"), as "[3]" markers are


@dataclass
class RawMarker:
    label: str
    element: Element | None     # the sup/a element, or the block holding a literal marker
    literal: str = ""           # printed form to search for ("[1]", "<sup>1</sup>")
    target: str = ""            # id the marker links to
    lead: str = ""              # the word printed right before it (to find it inside its block)
    printed: str = ""           # the marker as printed, with *lead*


def parse(html: str) -> TreeBuilder:
    builder = TreeBuilder()
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


def link_targets(el: Element) -> list[str]:
    """The web addresses (http, https, ftp) that links inside *el* point to, in order:
    a Markdown note's ``[text](url)`` prints only its text, yet the address is the citation.
    A Markdown reference-style link (``[text][label]``) is left out: its address is written
    on a ``[label]: url`` line elsewhere in the document, not in the note."""
    found = []
    for child in walk(el):
        if child.tag != "a" or "data-reference" in child.attrs:
            continue
        href = child.attrs.get("href", "").strip()
        if re.match(r"(?:https?|ftp)://\S+$", href, re.I) and href not in found:
            found.append(href)
    return found


def text_before(el: Element, limit: int = CONTEXT_CHARS) -> str:
    """The running text just before *el* inside its block (to find a marker on a page): its
    last *limit* characters. Read backwards from *el*, so that each of 100,000 links in one
    block costs only its own neighbourhood."""
    out: list[str] = []
    size = scanned = 0
    node = el
    while node.parent is not None:
        parent = node.parent
        for k in range(node.index - 1, -1, -1):
            child = parent.children[k]
            piece = child if isinstance(child, str) else child.text()
            out.append(piece)
            size += len(piece)
            scanned += 1
            if size >= limit or scanned >= SCAN_SIBLINGS:
                return "".join(reversed(out))[-limit:]
        if parent.tag in BLOCKS:
            return "".join(reversed(out))[-limit:]
        node = parent
    return ""
