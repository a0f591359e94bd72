"""The prepared record of a document: what Ibid learns by reading it once, kept in the cache.

calibre's viewer prepares a book once into a cache that everything reads; Ibid does the
same. A :class:`Prepared` holds a document's text by page (with the web addresses its links
point to), its notes with their markers and citations (the JSON of ``ibid footnotes --json``,
citations found without the library: local copies are looked up when the record is read),
its title and own UN symbol, its warnings and page count. It is made by one child process,
``ibid prepare FILE`` (:mod:`reader.cli.prepare`), or by the indexer while it reads the file,
and read by the window (the Notes panel), ``ibid footnotes`` and the indexer, so a document
the index has read is never analysed again.

Records are keyed by the file's content hash, the engine's ``ENGINE_VERSION``, Ibid's
``__version__`` and :data:`store.RECORD_FORMAT`, stored as compressed JSON below
``Paths.records`` (:mod:`store`); a damaged record is ignored and made again. Qt-free, and
never imports ``index``.
"""
from __future__ import annotations

from reader.core.record.model import NAME, Prepared, PreparedPage
from reader.core.record.store import RECORD_FORMAT, load, load_file, record_path, save

__all__ = ["NAME", "RECORD_FORMAT", "Prepared", "PreparedPage", "load", "load_file", "record_path", "save"]
