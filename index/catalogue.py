"""The Library list read from the index: :func:`reader.core.catalogue.catalogue` (pure, in the
core) over the index's file records. Here, not in the core, because the core never imports
the index."""
from __future__ import annotations

from pathlib import Path

from reader.core.catalogue import CatalogueEntry, catalogue


def load(index_dir: Path) -> list[CatalogueEntry]:
    """The catalogue of the index in *index_dir* ([] when there is no index yet)."""
    from index.search import LibraryIndex  # Whoosh: loaded only when the list is asked for
    if not Path(index_dir).is_dir():
        return []
    with LibraryIndex(index_dir) as library:
        return catalogue(library.files())
