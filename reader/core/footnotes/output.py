"""The public JSON of ``ibid footnotes FILE --json`` (pages 1-based). Keep it stable.

``note_to_dict`` is the one place where a note's dict is made, ``note_from_dict`` where the
window reads it back into the same :class:`Footnote` (citations as frozen
:class:`~reader.core.citations.model.Citation`). The engine leaves ``citations`` empty; the
citation finder fills them in (``reader.core.citations.cite_notes``, as the CLI does).
"""
from __future__ import annotations

from collections.abc import Callable

from reader.core.citations.model import Citation
from reader.core.footnotes.model import Footnote, Marker, Rect


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
        "citations": [c.to_json() for c in note.citations],
        "found_by": note.source,        # "markup" | "link" | "layout" (the same as "source")
        "confidence": note.confidence,  # 0-1, see Footnote.confidence
    }


def note_from_dict(note: dict, key: int = -1) -> Footnote:
    """The :class:`Footnote` that :func:`note_to_dict` wrote: how the
    window reads the child process's JSON back. Missing or odd values fall back to defaults."""
    page = int(note.get("note_page") or 1) - 1
    return Footnote(
        label=str(note.get("label", "")), kind=note.get("kind", "footnote"), note_page=page,
        note_pages=tuple(int(p) - 1 for p in note.get("note_pages") or [page + 1]),
        note_rect=_rect(note.get("note_rect")), note_text=note.get("note_text", ""),
        refs=tuple(Marker(int(r["page"]) - 1, _rect(r.get("rect"))) for r in note.get("refs") or []),
        source=note.get("source", ""), reason=note.get("reason", ""), urls=tuple(note.get("urls") or ()),
        citations=_citations(note.get("citations")), key=key, confidence=_confidence(note.get("confidence")))


def _confidence(value) -> float:
    return float(value) if isinstance(value, (int, float)) and 0 <= value <= 1 else 1.0


def _citations(value) -> tuple[Citation, ...]:
    found = (Citation.from_json(c) for c in value) if isinstance(value, list) else ()
    return tuple(c for c in found if c is not None)


def _rect(value) -> Rect:
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
        return (x0, y0, x1, y1)
    except (TypeError, ValueError):
        return (0.0, 0.0, 0.0, 0.0)


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
