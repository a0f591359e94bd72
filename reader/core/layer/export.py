"""The layer listed and exported: the rows of ``ibid annotations``, and Markdown for a paper.

    > the fight against tuberculosis (A/RES/78/5, p. 3)

    Our comment on it.

The document is named as "Copy as Citation" names it (:mod:`reader.core.cite`: its UN symbol,
else its title), pages by their printed labels.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.core.cite import Source, passage_citation
from reader.core.layer.corrections import describe
from reader.core.layer.model import Bookmark, Comment, Correction, Highlight, Item, item_to_json


def rows(items: Sequence[Item], file_marks: Sequence[dict] = ()) -> list[dict]:
    """One row per item of the layer and per annotation of the file, by page: ``origin``
    (``layer`` or ``file``), ``kind``, ``page`` (1-based), ``colour``, ``text`` (quoted),
    ``comment``, ``created``, and ``id`` and ``item`` (the stored JSON) for the layer's."""
    comments: dict[str, list[str]] = {}
    for item in items:
        if isinstance(item, Comment) and item.on:
            comments.setdefault(item.on, []).append(item.text)
    out = []
    for item in items:
        if isinstance(item, Comment) and item.on and any(i.id == item.on for i in items):
            continue   # shown with its highlight
        out.append({"origin": "layer", "kind": _kind(item), "page": item.page + 1,
                    "colour": getattr(item, "colour", ""), "text": _quoted(item),
                    "comment": _comment(item, comments), "created": item.created, "id": item.id,
                    "item": item_to_json(item)})
    out += [{"origin": "file", "kind": m["kind"], "page": m["page"], "colour": m["colour"], "text": m["text"],
             "comment": m["comment"], "created": m["created"]} for m in file_marks]
    return sorted(out, key=lambda r: r["page"])   # (stable: the layer's order within a page)


def _kind(item: Item) -> str:
    if isinstance(item, Highlight):
        return item.style
    if isinstance(item, Correction):
        return f"correction:{item.action}"
    return item.kind


def _quoted(item: Item) -> str:
    if isinstance(item, Highlight):
        return item.text
    if isinstance(item, Bookmark):
        return item.name
    if isinstance(item, Correction):
        return describe(item)
    return ""


def _comment(item: Item, comments: dict[str, list[str]]) -> str:
    if isinstance(item, Comment):
        return item.text
    return "\n\n".join(comments.get(item.id, ()))


def markdown(table: Sequence[dict], source: Source, page_label: Callable[[int], str]) -> str:
    """The quoted passages of *table* (:func:`rows`) as Markdown block quotes with their
    citation, each followed by its comment; comments at a point as paragraphs with their page.
    *page_label(index)* gives the printed label of a 0-based page."""
    blocks = []
    for row in table:
        where = page_label(row["page"] - 1)
        if row["kind"] in ("highlight", "underline") and row["text"]:
            quote = passage_citation(source, [where], " ".join(row["text"].split()))
            blocks.append(f"> {quote}")
        elif row["kind"] in ("comment", "text", "freetext") and row["comment"]:
            blocks.append(f"{' '.join(row['comment'].split())} ({source.name}, p. {where})")
            continue
        else:
            continue
        if row["comment"]:
            blocks.append(" ".join(row["comment"].split()))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
