"""Write DOC.footnotes.json for the documents in this folder from each producer's own markup.

The truth comes from the structure each producer writes (docutils/Sphinx ``footnote`` and
``citation`` elements and their ``footnote-reference`` links, pandoc's ``footnote-ref`` and
``footnotes`` list, DocBook's ``div.footnote``, Texinfo's ``FOOTn``/``DOCFn`` ids), read with
lxml, never with Ibid's engine; each file was then checked by eye against the document.
Format: the docstring of ``score_footnotes.py`` (notes of reflowed files: no page, any marker).

Run: ``.venv/bin/python tests/data/markup/make_truth.py`` (needs lxml).
"""
from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree, html

HERE = Path(__file__).parent
START = 40   # characters of note text kept as note_text_start
BLOCK = {"p", "div", "dd", "dt", "td", "li", "pre", "blockquote", "table", "tr", "aside"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def all_text(el) -> str:
    return norm("".join(el.itertext()))


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def text_without(el, drop) -> str:
    """The text of *el* leaving out every descendant for which drop(node) is true."""
    out = []

    def visit(node):
        if not isinstance(node.tag, str) or drop(node):
            if node.tail:
                out.append(node.tail)
            return
        if node.text:
            out.append(node.text)
        for child in node:
            visit(child)
        if etree.QName(node).localname in BLOCK:
            out.append(" ")
        if node.tail:
            out.append(node.tail)
    if el.text:
        out.append(el.text)
    for child in el:
        visit(child)
    return norm("".join(out))


def is_back(node) -> bool:
    """A backlink, a label, or (docutils html4) the <em> holding nothing but backlinks."""
    if etree.QName(node).localname == "em" and len(node) and all("fn-backref" in classes(c) for c in node):
        return True
    return bool(classes(node) & {"fn-backref", "backrefs", "footnote-back", "label"}) \
        or node.get("role") == "doc-backlink"


def referenced(root, ident: str, ref_classes: set[str]) -> bool:
    for a in root.iter("a", "{http://www.w3.org/1999/xhtml}a"):   # noqa: SIM110 - readable as is
        if a.get("href", "").endswith("#" + ident) and (classes(a) & ref_classes
                                                        or a.get("role") in ("doc-noteref", "doc-biblioref")):
            return True
    return False


def urls_of(el) -> list[str]:
    found = []
    for a in el.iter():
        href = a.get("href") or ""
        if isinstance(a.tag, str) and a.tag.endswith("a") and re.match(r"https?://", href) and href not in found:
            found.append(href)
    return found


def note(label: str, text: str, linked: bool, urls: list[str]) -> dict:
    return {"label": label, "ref_page": True if linked else None, "note_page": None,
            "note_text_start": text[:START], "urls": urls}


def docutils_notes(root) -> list[dict]:
    """docutils >= 0.18 (aside/div), 0.17 (dl > dt + dd), html4 (table) and Sphinx output."""
    refs = {"footnote-reference", "citation-reference"}
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        kind = classes(el) & {"footnote", "citation"}
        if tag in ("aside", "div", "table") and kind and el.get("id"):
            label_el = next((n for n in el.iter() if isinstance(n.tag, str) and "label" in classes(n)), None)
            label = all_text(label_el).strip("[]") if label_el is not None else ""
            body = el.find(".//td[2]") if tag == "table" else el
            text = text_without(body, is_back)
            if tag == "table" and not label:
                label = all_text(el.find(".//td")).strip("[]")
            # Sphinx links its citations as plain "reference internal": any link to one counts
            wanted = refs | ({"reference"} if "citation" in kind else set())
            out.append(note(label, text, referenced(root, el.get("id"), wanted), urls_of(body)))
        elif tag == "dl" and kind:
            for dt in el.findall("dt"):
                label = text_without(dt, is_back)
                label = all_text(dt.find("span")) if dt.find("span") is not None else label
                dd = dt.getnext()
                out.append(note(label, text_without(dd, is_back), referenced(root, dt.get("id"), refs),
                                urls_of(dd)))
    return out


def pandoc_notes(root) -> list[dict]:
    out = []
    for li in root.iter("li", "{http://www.w3.org/1999/xhtml}li"):
        ident = li.get("id", "")
        if not re.fullmatch(r"fn\d+", ident):
            continue
        out.append(note(ident[2:], text_without(li, is_back), referenced(root, ident, {"footnote-ref"}),
                        urls_of(li)))
    return out


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def docbook_notes(root) -> list[dict]:
    out = []
    for div in (el for el in root.iter() if local(el) == "div"):
        if "footnote" not in classes(div) or not div.get("id", "").startswith("ftn."):
            continue
        label = all_text(next(el for el in div.iter() if local(el) == "sup")).strip("[] ")
        linked = any((a.get("href") or "").endswith("#" + div.get("id")) for a in root.iter() if local(a) == "a")
        out.append(note(label, text_without(div, lambda n: local(n) == "a" and "para" in classes(n)), linked,
                        urls_of(div)))
    return out


def texinfo_notes(root) -> list[dict]:
    out = []
    for h5 in root.iter("h5"):
        a = h5.find("a")
        if a is None or not re.fullmatch(r"FOOT\d+", a.get("id", "")):
            continue
        parts = []
        for sib in h5.itersiblings():
            if sib.tag in ("h5", "hr"):
                break
            parts.append(all_text(sib))
        linked = any(x.get("href") == "#" + a.get("id") for x in root.iter("a"))
        out.append(note(a.get("id")[4:], norm(" ".join(parts)), linked, []))
    return out


def epub_roots(path: Path):
    with zipfile.ZipFile(path) as zf:
        for name in sorted(zf.namelist()):
            if name.endswith((".xhtml", ".html")) and "nav" not in name and "title" not in name:
                yield etree.fromstring(zf.read(name), etree.XMLParser(recover=True))


def truth_of(path: Path) -> list[dict]:
    if path.suffix == ".epub":
        finder = {"pandoc": pandoc_notes, "docbook": docbook_notes}.get(path.name.split("-")[0], docutils_notes)
        return [n for root in epub_roots(path) for n in finder(root)]
    root = html.fromstring(path.read_bytes())
    name = path.name
    if name.startswith("pandoc"):
        return pandoc_notes(root)
    if name.startswith("docbook"):
        return docbook_notes(root)
    if name.startswith("texinfo"):
        return texinfo_notes(root)
    return docutils_notes(root)


def main() -> int:
    for path in sorted(HERE.iterdir()):
        if path.suffix not in (".html", ".epub"):
            continue
        notes = truth_of(path)
        data = {"source": "see tests/data/README.md", "made_by": "tests/data/markup/make_truth.py",
                "footnotes": notes}
        path.with_name(path.name + ".footnotes.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(notes)} notes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
