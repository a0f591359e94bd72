"""The library index (Whoosh), Qt-free, behind a narrow API so the backend can be swapped.

    build(index_dir, paths, *, progress=None, cancel=None, limits=None, cache_dir=None,
          wait=10.0, workers=None, records=None, offline=None, layers=None) -> BuildReport
    search(index_dir, query, *, limit=20, in_notes=False, path=None, folder=None) -> list[Hit]
    cited_by(index_dir, symbol) -> list[Citing]
    group_by_document(hits) -> list[DocumentHits]
    LibraryIndex(index_dir)  .search() / .cited_by() / .refresh() / .close(): keep one open
                             per thread for search-as-you-type (opening costs more than a query)

``Hit.snippet`` is HTML-escaped text with each match wrapped in ``<b>…</b>`` (``…`` at cut
ends); ``Hit.terms`` are the matched words as printed on the page, ``Hit.page`` is 1-based.
Query syntax: see :mod:`index.search`. Errors are ReaderErrors with a sentence:
``IndexBusy`` (another process is indexing), ``IndexDamaged`` (moved aside; rebuild),
``QueryError`` (the query cannot be searched as written), ``DiskFull`` (no room to write the
index: it keeps its last commit, partial files are removed; update again once there is room). ``search()`` returns ``Results``,
a list of hits whose ``partial`` is True when the time limit cut the search short.
The GUI indexes through ``ibid index add|update --json-progress`` in a child process
(see :mod:`reader.cli.index`) and cancels by killing it.
"""
import importlib
import sys
import types

#: Name -> submodule: loaded on first use, so ``ibid search`` never imports the indexer,
#: the footnote engine or PyMuPDF (a third of its start-up time).
_EXPORTS = {
    "BuildReport": "index.build", "Skipped": "index.build", "build": "index.build",
    "normalize_symbol": "index.schema",
    "Citing": "index.search", "DocumentHits": "index.search", "Hit": "index.search",
    "LibraryIndex": "index.search", "QueryError": "index.search", "Results": "index.search",
    "cited_by": "index.search", "group_by_document": "index.search",
    "search": "index.search",
    "DiskFull": "index.store", "IndexBusy": "index.store", "IndexDamaged": "index.store",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``index.build`` and ``index.search`` name both a submodule and its function: when the
    submodule is imported, the import system binds the module to the package; drop that
    binding so that ``index.build`` stays the function (as when they were imported eagerly)."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and name in _EXPORTS:
            self.__dict__.pop(name, None)
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
