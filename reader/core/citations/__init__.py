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

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from typing import TypeVar

from reader.core.citations.backrefs import BackRef, find_backrefs, resolve, starts_with_ibid
from reader.core.citations.links import doi_url, find_links, is_openable, normalise_doi, normalise_url
from reader.core.citations.model import TYPES, Citation, DictResolver, LocalDocument, Resolver
from reader.core.citations.references import find_references
from reader.core.citations.symbols import (
    find_symbols,
    normalise_symbol,
    resolution_symbol,
    symbol_key,
    symbol_of_document,
    undocs_url,
)

logger = logging.getLogger(__name__)
F = TypeVar("F")

#: Longer input is cut: a note is never this long, and the regexes stay fast on hostile text.
MAX_NOTE_CHARS = 20_000
#: Which citation wins where two overlap (a symbol inside a URL is part of the URL).
_PRIORITY = {"url": 0, "doi": 0, "back-reference": 1, "un-symbol": 2, "reference": 3}


def find_citations(text: object, urls: Sequence[str] | None = None) -> list[Citation]:
    """The citations in one note's text, in reading order, each (type, value) once.

    Back-references come unresolved: ``value`` is the note number when the text names one,
    else "" (use ``resolve_notes`` to point Ibid. at its note). *urls*, when given, are the
    note's URLs as the footnote engine found them (used instead of searching *text*).
    Never raises.
    """
    return [c for _, c in _scan(text, urls)]


def resolve_notes(notes: Sequence[tuple[str, str]], resolver: Resolver | None = None, *,
                  urls: Sequence[Sequence[str] | None] | None = None) -> list[list[Citation]]:
    """The citations of each note of a document, in order; back-references point to the note they
    name or lean on (after a chain of Ibid., the note the chain starts from), and UN symbols the
    *resolver* knows carry its file in ``local``. *urls*: per note, as for ``find_citations``."""
    notes = [(str(label), text if isinstance(text, str) else "") for label, text in notes]
    hints = list(urls) if urls is not None else []
    hints += [None] * (len(notes) - len(hints))
    scans = [_scan(text, known) for (_, text), known in zip(notes, hints)]
    refs_of = [[r for r, _ in scan if isinstance(r, BackRef)] for scan in scans]
    leans: list[str] = []
    result: list[list[Citation]] = []
    for i, (label, text) in enumerate(notes):
        cites = []
        for found, citation in scans[i]:
            if isinstance(found, BackRef):
                citation = resolve(found, i, notes, leans, refs_of)
            elif resolver is not None and citation.type == "un-symbol":
                citation = _localise(citation, resolver)
            cites.append(citation)
        ibid = starts_with_ibid(text, refs_of[i]) and cites and cites[0].target
        leans.append(cites[0].target if ibid else label)
        result.append(_unique(cites))
    return result


def cite_notes(notes: Sequence[F], resolver: Resolver | None = None) -> list[F]:
    """*notes* (the footnote engine's ``Footnote``, or anything with ``label``, ``note_text``,
    ``urls`` that ``dataclasses.replace`` can copy), each with its ``citations``, in order."""
    found = resolve_notes([(n.label, n.note_text) for n in notes], resolver, urls=[n.urls for n in notes])
    return [dataclasses.replace(n, citations=tuple(c)) for n, c in zip(notes, found)]


def localise_notes(notes: Sequence[F], resolver: Resolver | None) -> list[F]:
    """*notes* whose citations ``cite_notes(notes)`` found without a resolver, each UN symbol
    given its local copy by *resolver*: the same as ``cite_notes(notes, resolver)``, without
    finding the citations again (a prepared record keeps them; the library changes)."""
    if resolver is None:
        return list(notes)
    return [dataclasses.replace(n, citations=tuple(_localise(c, resolver) if c.type == "un-symbol" else c
                                                   for c in n.citations)) for n in notes]


def annotate(note_dicts: list[dict], resolver: Resolver | None = None) -> list[dict]:
    """Add ``"citations"`` to each footnote dict of ``ibid footnotes --json`` (in document order,
    read from ``label``, ``note_text``/``text`` and the engine's ``urls``); returns the same list."""
    notes = [(str(d.get("label", "")), d.get("note_text", d.get("text", "")) or "") for d in note_dicts]
    urls = [d.get("urls") if isinstance(d.get("urls"), list) else None for d in note_dicts]
    for note, citations in zip(note_dicts, resolve_notes(notes, resolver, urls=urls)):
        note["citations"] = [c.to_json() for c in citations]
    return note_dicts


def _scan(text: object, urls: Sequence[str] | None = None) -> list[tuple[object, Citation]]:
    """(what was found, citation) pairs in reading order; overlapping finds keep the stronger."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_NOTE_CHARS]
    found: list[tuple[int, int, object, Citation]] = []
    for ref in find_backrefs(text):
        found.append((ref.start, ref.end, ref, resolve(ref, 0, [("", text)], [], [[]])))
    found.extend((start, end, None, c) for start, end, c in find_links(text, urls))
    for source in (find_symbols, find_references):
        found.extend((start, end, None, c) for start, end, c in source(text))
    found.sort(key=lambda f: (_PRIORITY[f[3].type], f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, object, Citation]] = []
    for item in found:
        start, end = item[0], item[1]
        if not any(start < k_end and k_start < end for k_start, k_end, _, _ in kept if end > start):
            kept.append(item)
    kept.sort(key=lambda f: f[0])
    scan, seen = [], set()
    for _, _, ref, citation in kept:
        key = (citation.type, citation.value, citation.text if citation.type == "back-reference" else "",
               citation.paragraph, citation.pinned_page)
        if key not in seen:
            seen.add(key)
            scan.append((ref, citation))
    return scan


def _unique(citations: Iterable[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in citations:
        if (c.type, c.value, c.text, c.paragraph, c.pinned_page) not in seen:
            seen.add((c.type, c.value, c.text, c.paragraph, c.pinned_page))
            out.append(c)
    return out


def _localise(citation: Citation, resolver: Resolver) -> Citation:
    try:
        doc = resolver.resolve(citation.value, citation.paragraph)
    except Exception:                      # the library's index may be broken; the URL still works
        logger.exception("Resolver failed on %r", citation.value)
        return citation
    if doc is None:
        return citation
    page = doc.page
    if page is None and citation.pinned_page is not None:
        page = citation.pinned_page - 1    # UN documents number their pages from the first
    return dataclasses.replace(citation, local=str(doc.path), page=page)


__all__ = [
    "TYPES", "Citation", "DictResolver", "LocalDocument", "Resolver", "annotate", "cite_notes", "doi_url",
    "find_citations", "is_openable", "localise_notes", "normalise_doi", "normalise_symbol", "normalise_url",
    "resolution_symbol", "resolve_notes", "symbol_key", "symbol_of_document", "undocs_url",
]
