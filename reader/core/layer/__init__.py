"""The reader's own layer of a document: highlights, comments, bookmarks and note corrections.

Kept per document in one JSON file below ``Paths.layers``, keyed by the document's content
hash (:mod:`store`; the schema is docs/LAYER.md), and applied wherever notes are read
(:func:`corrected`). :mod:`pdf` reads the file's own PDF annotations and writes a copy
with the layer's highlights and comments as standard PDF annotations; :mod:`export` lists
and exports the layer. Qt-free, and never imports ``index``.
"""
from __future__ import annotations

from pathlib import Path

from reader.core.errors import LayerError
from reader.core.layer.corrections import CORRECTED, corrected_record, describe, key_of
from reader.core.layer.model import DEFAULT_COLOUR, Bookmark, Comment, Correction, Highlight, Item, NoteKey, Place
from reader.core.layer.store import FORMAT, VERSION, LayerStore, layer_path, stamp

__all__ = ["CORRECTED", "DEFAULT_COLOUR", "FORMAT", "VERSION", "Bookmark", "Comment", "Correction", "Highlight",
           "Item", "LayerError", "LayerStore", "NoteKey", "Place", "annotated", "corrected", "key_of", "layer_path",
           "stamp"]


def corrected(folder: Path, digest: str, prepared):
    """(*prepared* with the corrections of the layer of *digest* below *folder* applied,
    sentences for the user: the layer was damaged and set aside, cannot be read, or a
    correction no longer finds its note). Never raises: notes are shown uncorrected then."""
    prepared, _texts, warnings = annotated(folder, digest, prepared)
    return prepared, warnings


def annotated(folder: Path, digest: str, prepared):
    """What the library index reads of a document's layer, read once: (*prepared* with its
    notes corrected as :func:`corrected` does, {0-based page: the quoted text of its
    highlights and underlines and the text of its comments, in the order they were made},
    sentences for the user). Never raises."""
    store = LayerStore(folder, digest)
    try:
        items = store.items()
    except LayerError as exc:
        return prepared, {}, [str(exc)]
    except OSError as exc:
        return prepared, {}, [f"The annotations of this document ({store.path}) could not be read "
                              f"({exc.strerror or exc}); its notes are shown uncorrected."]
    prepared, lost = corrected_record(prepared, items)
    warnings = [store.notice] if store.notice else []
    warnings += [f"Your correction \u201c{describe(c)}\u201d no longer finds its note; it is kept, "
                 "not applied." for c in lost]
    texts: dict[int, list[str]] = {}
    for item in items:
        if isinstance(item, (Highlight, Comment)) and item.text.strip():
            texts.setdefault(item.page, []).append(item.text.strip())
    return prepared, texts, warnings
