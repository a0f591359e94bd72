"""Citations in note text: URLs, DOIs, UN document symbols, back-references (Ibid., supra note 32)
and plain references, each as a ``Citation`` that says where to go.

    find_citations(text)                   one note on its own
    resolve_notes([(label, text), …])      a document's notes in order: back-references get
                                           their target note, symbols their local file
    cite_notes(footnotes)                  the same on the footnote engine's notes: each
                                           ``Footnote`` with its ``citations`` filled in
    localise_notes(footnotes, resolver)    notes cited without a resolver, their symbols'
                                           local copies looked up (prepared records)
    annotate(note_dicts)                   the same on the JSON of ``ibid footnotes --json``
    is_openable(url)                       the check before a URL goes to the system browser

Qt-free, and free of PyMuPDF and the footnote engine (``ibid search --cited-by`` starts fast).
Local copies are found through a ``Resolver`` (``DictResolver``, or the library's).
A paragraph pin ("A/78/636, para. 72") is the symbol's ``paragraph``; the library's resolver
opens the local copy at the page where that numbered paragraph begins; a page pin
("A/RES/78/5, p. 2", "Ibid., p. 4") is ``pinned_page``, where a local copy opens (page 2 is
the second page: UN documents number pages from the first).
"""
from __future__ import annotations

import importlib

#: What the package offers, each from ``finders`` (which imports the rest): loaded when first
#: asked for, so that ``citations.model`` (the Citation type of a prepared record's notes)
#: comes without the finders' regular expressions.
__all__ = ["find_citations", "resolve_notes", "cite_notes", "localise_notes", "annotate", "is_openable", "MAX_NOTE_CHARS", "BackRef", "find_backrefs", "resolve", "starts_with_ibid", "doi_url", "find_links", "normalise_doi", "normalise_url", "TYPES", "Citation", "DictResolver", "LocalDocument", "Resolver", "find_references", "find_symbols", "normalise_symbol", "resolution_symbol", "symbol_key", "symbol_of_document", "undocs_url"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("reader.core.citations.finders"), name)
    globals()[name] = value
    return value
