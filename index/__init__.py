"""The library index (Whoosh), Qt-free, behind a narrow API so the backend can be swapped.

    build(index_dir, paths, *, progress=None, cancel=None, limits=None, cache_dir=None,
          wait=10.0, workers=None) -> BuildReport
    search(index_dir, query, *, limit=20, in_notes=False, path=None, folder=None) -> list[Hit]
    cited_by(index_dir, symbol) -> list[Citing]
    group_by_document(hits) -> list[DocumentHits]
    LibraryIndex(index_dir)  .search() / .cited_by() / .refresh() / .close(): keep one open
                             per thread for search-as-you-type (opening costs more than a query)

``Hit.snippet`` is HTML-escaped text with each match wrapped in ``<b>…</b>`` (``…`` at cut
ends); ``Hit.terms`` are the matched words as printed on the page, ``Hit.page`` is 1-based.
Query syntax: see :mod:`index.search`. Errors are ReaderErrors with a sentence:
``IndexBusy`` (another process is indexing), ``IndexDamaged`` (moved aside; rebuild).
The GUI indexes through ``ibid index add|update --json-progress`` in a child process
(see :mod:`reader.cli.index`) and cancels by killing it.
"""
from index.build import BuildReport, Skipped, build
from index.schema import normalize_symbol
from index.search import Citing, DocumentHits, Hit, LibraryIndex, cited_by, group_by_document, search
from index.store import IndexBusy, IndexDamaged

__all__ = ["BuildReport", "Citing", "DocumentHits", "Hit", "IndexBusy", "IndexDamaged", "LibraryIndex",
           "Skipped", "build", "cited_by", "group_by_document", "normalize_symbol", "search"]
