"""The public JSON of ``ibid footnotes FILE --json`` (pages 1-based). Keep it stable.

``note_to_dict`` is the one place where a note's dict is finished; other parts (the
citation finder) add their keys to the dicts it returns, through ``to_json(..., extra=)``.
"""
from __future__ import annotations

from collections.abc import Callable

from reader.core.footnotes.model import Footnote


def note_to_dict(note: Footnote) -> dict:
    """One footnote as the public JSON object (1-based pages, lists instead of tuples)."""
    return {
        "label": note.label,
        "kind": note.kind,
        "note_page": note.note_page + 1,
        "note_pages": [p + 1 for p in note.note_pages],
        "note_rect": [round(v, 2) for v in note.note_rect],
        "note_text": note.note_text,
        "refs": [{"page": m.page + 1, "rect": [round(v, 2) for v in m.rect]} for m in note.refs],
        "source": note.source,
        "reason": note.reason,
        "urls": list(note.urls),
    }


def to_json(doc, notes: list[Footnote], *, extra: Callable[[Footnote, dict], None] | None = None) -> dict:
    """The whole document's JSON. *extra(note, d)* may add keys to each note's dict *d*."""
    out = []
    for note in notes:
        d = note_to_dict(note)
        if extra is not None:
            extra(note, d)
        out.append(d)
    return {"file": str(doc.path), "format": doc.format, "page_count": doc.page_count, "footnotes": out,
            "warnings": list(getattr(doc, "warnings", []))}   # [] when the file is sound
