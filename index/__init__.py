"""The library index (Whoosh), Qt-free, behind a narrow API so the backend can be swapped.

    build(index_dir, paths, *, progress=None, cancel=None) -> BuildReport
    search(index_dir, query, *, limit=20, in_notes=False, path=None, folder=None) -> list[Hit]
    cited_by(index_dir, symbol) -> list[Citing]
    group_by_document(hits) -> list[DocumentHits]
"""
from index.build import BuildReport, Skipped, build
from index.schema import normalize_symbol
from index.search import Citing, DocumentHits, Hit, LibraryIndex, cited_by, group_by_document, search
from index.store import IndexBusy, IndexDamaged

__all__ = ["BuildReport", "Citing", "DocumentHits", "Hit", "IndexBusy", "IndexDamaged", "LibraryIndex",
           "Skipped", "build", "cited_by", "group_by_document", "normalize_symbol", "search"]
