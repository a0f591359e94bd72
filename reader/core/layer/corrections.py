"""The reader's note corrections applied to the engine's notes (the dicts of ``ibid footnotes --json``).

The engine's output is never changed where it is made (``reader.core.footnotes``) nor in the
prepared record (a cache, made again when the engine changes); the corrections are applied
whenever the notes are read (:func:`corrected_record`), so the window, ``ibid footnotes``
and the indexer all see the same corrected notes. Each correction names the engine's note
by label, page and the first words of its text (:class:`~reader.core.layer.model.NoteKey`);
one that no longer finds its note (the engine changed, the file changed) is left out and
reported, never guessed. A corrected note says so: ``"source"`` and ``"found_by"`` are
``"corrected"``, and ``"reason"`` what the reader did. Corrections apply oldest first.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Sequence

from reader.core.citations.urls import find_urls
from reader.core.layer.model import Correction, Item, NoteKey, Place

#: What a corrected note's ``source`` and ``found_by`` say.
CORRECTED = "corrected"
#: How many characters of a note's text a correction keeps to know the note again.
KEY_CHARS = 40


def key_of(note: dict) -> NoteKey:
    """The key a correction stores for *note* (a dict of ``ibid footnotes --json``)."""
    return NoteKey(str(note.get("label", "")), int(note.get("note_page", 1)) - 1,
                   _squash(str(note.get("note_text", "")))[:KEY_CHARS])


def apply(notes: Sequence[dict], items: Sequence[Item]) -> tuple[list[dict], list[Correction]]:
    """(*notes* with the corrections among *items* applied, the corrections that found no note).

    *notes* are not changed; citations are found again when anything changed (a joined or
    made note cites, and back-references count notes)."""
    corrections = sorted((i for i in items if isinstance(i, Correction)), key=lambda c: c.created)
    out = copy.deepcopy(list(notes))
    lost = [c for c in corrections if not _apply_one(out, c)]
    if len(lost) < len(corrections):
        from reader.core.citations import annotate  # (the finders: only when a note changed)
        annotate(out)
    return out, lost


def corrected_record(prepared, items: Sequence[Item]):
    """(*prepared* — a ``reader.core.record.Prepared`` — with its notes corrected, the
    corrections that found no note). The same record when there is nothing to correct."""
    if not any(isinstance(i, Correction) for i in items):
        return prepared, []
    notes, lost = apply(prepared.footnotes, items)
    return dataclasses.replace(prepared, footnotes=tuple(notes)), lost


def describe(correction: Correction) -> str:
    """What *correction* does, in a few words (for warnings and listings)."""
    note = correction.note
    about = f"note {note.label} (p. {note.page + 1})" if note else f"note {correction.label}"
    return _SAID[correction.action].format(about)


#: How each correction is said (``describe``).
_SAID = {"not-a-note": "{} is not a note", "make-a-note": "{} made from the page",
         "link": "a marker linked to {}", "join-next": "{} joined with the next note",
         "unlink": "markers of {} unlinked"}


# -- one correction ----------------------------------------------------------------------
def _apply_one(notes: list[dict], c: Correction) -> bool:
    """Apply *c* to *notes* in place; False when the note it names is not there."""
    if c.action == "make-a-note":
        _insert(notes, _made_note(c))
        return True
    index = find(notes, c.note)
    if index is None:
        return False
    note = notes[index]
    if c.action == "not-a-note":
        del notes[index]
        return True
    if c.action == "join-next":
        if index + 1 >= len(notes):
            return False
        _join(note, notes.pop(index + 1))
    elif c.action == "link":
        ref = {"page": c.marker.page + 1, "rect": [round(v, 2) for v in c.marker.rect]}
        note["refs"] = sorted([r for r in note["refs"] if not _same_place(r, c.marker)] + [ref],
                              key=lambda r: (r["page"], r["rect"][1], r["rect"][0]))
    elif c.action == "unlink":
        note["refs"] = [r for r in note["refs"] if c.marker is not None and not _same_place(r, c.marker)]
    _mark(note, c)
    return True


def find(notes: Sequence[dict], key: NoteKey | None) -> int | None:
    """The position in *notes* of the note *key* names: label and page must agree, and the
    text must start as stored (when two notes share label and page, or the text changed)."""
    if key is None:
        return None
    same = [i for i, n in enumerate(notes)
            if str(n.get("label", "")) == key.label and int(n.get("note_page", 0)) == key.page + 1]
    exact = [i for i in same if _squash(str(notes[i].get("note_text", ""))).startswith(key.start)]
    if exact:
        return exact[0]
    return same[0] if len(same) == 1 else None


def _made_note(c: Correction) -> dict:
    page = c.block.page + 1
    return {"label": c.label, "kind": "footnote", "note_page": page, "note_pages": [page],
            "note_rect": [round(v, 2) for v in c.block.rect], "note_text": c.text, "refs": [],
            "source": CORRECTED, "reason": "made a note by the reader", "urls": find_urls(c.text),
            "citations": [], "found_by": CORRECTED, "confidence": 1.0}


def _insert(notes: list[dict], note: dict) -> None:
    """Put *note* in document order: after the notes that start above it."""
    where = (note["note_page"], note["note_rect"][1])
    at = sum(1 for n in notes if (int(n.get("note_page", 0)), (n.get("note_rect") or [0, 0])[1]) <= where)
    notes.insert(at, note)


def _join(note: dict, following: dict) -> None:
    note["note_text"] = f"{note.get('note_text', '').rstrip()} {following.get('note_text', '').lstrip()}".strip()
    note["note_pages"] = sorted(set(note.get("note_pages") or []) | set(following.get("note_pages") or []))
    note["refs"] = note.get("refs", []) + [r for r in following.get("refs", []) if r not in note.get("refs", [])]
    note["urls"] = list(dict.fromkeys([*note.get("urls", []), *following.get("urls", [])]))


def _mark(note: dict, c: Correction) -> None:
    note["source"] = note["found_by"] = CORRECTED
    note["reason"] = f"{c.action} by the reader (was: {note.get('reason', '')})"
    note["confidence"] = 1.0


def _same_place(ref: dict, place: Place) -> bool:
    """Whether marker *ref* (JSON) is at *place*: same page, rectangles overlapping."""
    try:
        x0, y0, x1, y1 = (float(v) for v in ref["rect"])
    except (KeyError, TypeError, ValueError):
        return False
    a0, b0, a1, b1 = place.rect
    return int(ref.get("page", 0)) == place.page + 1 and x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
