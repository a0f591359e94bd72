"""A document that changed keeps what of its layer still anchors.

A layer is keyed by the file's content, so an edited file (a corrected PDF saved over the
old one) would start with an empty layer. When a document has no layer of its own, the
layers that were last written for a file at the same place are looked at (the store records
where its document was: :meth:`LayerStore.seen_at`); the newest one's items are carried
over when they still anchor in the new content: a highlight whose passage is still printed
on its page (else on the nearest page that has it), the comments on it, comments and
bookmarks on pages the file still has, and every note correction (one that no longer finds
its note is reported when notes are read). The old layer is left as it was: it is the
layer of the old content.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from reader.core.errors import LayerError
from reader.core.layer.model import Bookmark, Comment, Correction, Highlight, Item
from reader.core.layer.store import SUFFIX, LayerStore

logger = logging.getLogger(__name__)


def carry_over(store: LayerStore, pdf) -> str:
    """Give *store* (which must know its ``document``) what still anchors of the layer last
    written for a file at the same place, when it has no layer yet; a sentence for the
    user when something was carried (or could not be), else ""."""
    if store.document is None or store.path.exists():
        return ""
    old = _previous(store)
    if old is None:
        return ""
    try:
        items = old.items()
    except (LayerError, OSError) as exc:
        logger.warning("The layer %s of an earlier version was not read: %s", old.path, exc)
        return ""
    from reader.core.layer.pdf import as_pdf
    kept = anchored(items, as_pdf(pdf))
    if not kept:
        return (f"{Path(store.document).name} changed since you annotated it; none of your "
                f"{len(items)} annotations is found in it now (they are kept in {old.path}).")
    for item in kept:
        store.add(item)
    lost = len(items) - len(kept)
    return (f"{Path(store.document).name} changed since you annotated it: {len(kept)} of your "
            f"{len(items)} annotations were found in it and kept"
            + (f"; the other {lost} stay in {old.path}." if lost else "."))


def _previous(store: LayerStore) -> LayerStore | None:
    """The newest other layer that was written for a file where *store*'s document is."""
    here = str(Path(store.document).resolve())
    found = []
    for path in store.path.parent.glob(f"*{SUFFIX}"):
        if path == store.path:
            continue
        other = LayerStore(path.parent, path.name[: -len(SUFFIX)])
        try:
            if here in other.seen_at():
                found.append((path.stat().st_mtime, path.name, other))
        except (LayerError, OSError):
            continue
    return max(found, key=lambda f: f[:2])[2] if found else None


def anchored(items: Sequence[Item], pdf) -> list[Item]:
    """The items that still have their place in *pdf* (highlights found again where their
    passage is printed now)."""
    from reader.core.layer.pdf import find_passage
    kept: list[Item] = []
    carried: set[str] = set()
    for item in items:
        if isinstance(item, Highlight):
            moved = _find_again(item, pdf, find_passage)
            if moved is None:
                continue
            kept.append(moved)
            carried.add(item.id)
        elif isinstance(item, Comment) and item.on:
            if item.on in carried:
                kept.append(item)
        elif isinstance(item, (Comment, Bookmark)):
            if item.page < pdf.page_count:
                kept.append(item)
        elif isinstance(item, Correction):
            kept.append(item)
    return kept


def _find_again(item: Highlight, pdf, find_passage) -> Highlight | None:
    """*item* where its text is printed now: on its page, else the nearest page."""
    pages = sorted(range(pdf.page_count), key=lambda p: (abs(p - item.page), p))
    for page in pages[:SEARCH_PAGES]:
        rects, _text = find_passage(pdf[page], item.text)
        if rects:
            return replace(item, page=page, rects=tuple(rects))
    return None


#: How many pages around its own a moved passage is looked for (nearest first).
SEARCH_PAGES = 5
